package dev.uplink.cli.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uplink.collector.TimeSpec;
import dev.uplink.collector.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector query}: stored events as JSON lines, or their count. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Print stored events as JSON lines, oldest first, or their number.",
            "  {\"id\":...,\"deviceId\":...,\"receivedAt\":\"<ISO-8601>\",\"payload\":<as sent>}",
            "Safe to run while the collector is running."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector query --data /var/lib/uplink-collector --since 10m",
            "  uplink collector query --data DIR --since 2026-01-01T00:00:00Z --count",
            "  uplink collector query --store postgresql://uplink@db.corp.example/uplink --count"
        })
public class CollectorQueryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description =
                    "Only events received at or after TIME: an ISO-8601 instant (2026-01-01T00:00:00Z) or a duration ago (10m, 2h, 1d).")
    String since;

    @Option(names = "--count", description = "Print only the number of matching events.")
    boolean count;

    @Override
    public Integer call() throws IOException {
        Instant from = since == null ? null : TimeSpec.parseSince(since, Instant.now(), "--since");
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = storeOptions.openExisting()) {
            if (count) {
                out.println(store.events().count(from));
            } else {
                JsonFactory json = new JsonFactory();
                store.events().query(from, e -> {
                    StringWriter line = new StringWriter();
                    try (JsonGenerator g = json.createGenerator(line)) {
                        g.writeStartObject();
                        g.writeStringField("id", e.id());
                        g.writeStringField("deviceId", e.deviceId());
                        g.writeStringField("receivedAt", e.receivedAt().toString());
                        g.writeFieldName("payload");
                        g.writeRawValue(e.payloadJson()); // validated JSON text, kept as received
                        g.writeEndObject();
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    out.println(line);
                });
            }
        }
        out.flush();
        return 0;
    }
}
