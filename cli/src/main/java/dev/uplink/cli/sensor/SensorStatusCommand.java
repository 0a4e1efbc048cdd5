package dev.uplink.cli.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.cli.ExitCodes;
import dev.uplink.sensor.check.LastCheck;
import dev.uplink.sensor.daemon.StatusFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uplink sensor status}: what the running daemon last wrote to {@code <state>/status.json},
 * plus whether that daemon is still alive. Exit 0 when it is running, 1 otherwise.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the sensor's spool depth and size, oldest event age, last delivery result, route and counters."
        })
public class SensorStatusCommand implements Callable<Integer> {
    /** A status older than this means the daemon is hung or gone even if its pid exists. */
    private static final Duration STALE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "State directory of the sensor (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--json", description = "Print the status document as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StatusFile file = new StatusFile(stateDir);
        Optional<JsonNode> read = file.read();
        if (read.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("uplink: no sensor status in " + stateDir + " (has 'uplink sensor run --state " + stateDir
                            + "' ever run?)");
            return ExitCodes.RUNTIME;
        }
        ObjectNode s = (ObjectNode) read.get();
        Instant updated = Instant.parse(s.path("updatedAt").asText(Instant.EPOCH.toString()));
        long age = Duration.between(updated, Instant.now()).toSeconds();
        boolean alive = s.path("running").asBoolean()
                && ProcessHandle.of(s.path("pid").asLong())
                        .map(ProcessHandle::isAlive)
                        .orElse(false)
                && age < STALE.toSeconds();
        s.put("alive", alive);
        s.put("statusAgeSeconds", age);
        // from the file, not the status: a check 'uplink sensor check' ran counts too
        Optional<LastCheck> lastCheck = LastCheck.read(stateDir);
        if (lastCheck.isPresent()) {
            s.set("lastCheck", lastCheck.get().toJson());
        } else {
            s.putNull("lastCheck");
        }
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
        } else {
            print(out, s, alive, age);
        }
        out.flush();
        return alive ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    private static void print(PrintWriter out, JsonNode s, boolean alive, long age) {
        JsonNode sp = s.path("spool");
        JsonNode c = s.path("counters");
        JsonNode last = s.path("lastDelivery");
        out.printf(
                "sensor:     %s (pid %d, status written %ds ago)%n",
                alive ? "running" : "NOT RUNNING", s.path("pid").asLong(), age);
        out.printf(
                "collector:  %s%n",
                s.path("collectorUrl").isNull()
                        ? "(not configured)"
                        : s.path("collectorUrl").asText());
        for (JsonNode h : s.path("collectors").path("heldBack")) {
            // a collector that did not answer: tried last until then (docs/behaviour.md#collector-failover)
            out.printf(
                    "held back:  %s until %s: %s%n",
                    h.path("url").asText(),
                    h.path("until").asText(),
                    h.path("reason").asText());
        }
        out.printf("route:      %s%n", s.path("route").asText());
        JsonNode failure = s.path("routes").path("autoConfigFailure");
        if (failure.isObject()) {
            // the routes above are a DIRECT fallback: say why, so a broken PAC is not mistaken for "no proxy"
            out.printf(
                    "%s FAILED: %s%n",
                    failure.path("source").asText(), failure.path("message").asText());
        }
        out.printf(
                "spool:      %d events, %s of %s%s%n",
                sp.path("depth").asLong(),
                bytes(sp.path("bytes").asLong()),
                bytes(sp.path("maxBytes").asLong()),
                sp.path("oldestAgeSeconds").isNull()
                        ? ""
                        : ", oldest " + sp.path("oldestAgeSeconds").asLong() + "s old");
        if (!sp.path("failure").isNull() && sp.has("failure")) {
            out.printf("spool FAILED: %s%n", sp.path("failure").asText());
        }
        out.printf(
                "delivery:   %s%s%n",
                last.path("result").asText(),
                last.path("at").isNull() ? "" : " (at " + last.path("at").asText() + ")");
        out.printf(
                "counters:   accepted %d, delivered %d, retried %d, parked %d, corrupt-skipped %d%n",
                c.path("accepted").asLong(),
                c.path("delivered").asLong(),
                c.path("retried").asLong(),
                c.path("parked").asLong(),
                c.path("corruptSkipped").asLong());
        out.printf("check:      %s%n", checkLine(s));
        JsonNode dl = s.path("deadLetters");
        if (dl.path("batches").asInt() > 0) {
            out.printf(
                    "parked:     %d batches in %s%n",
                    dl.path("batches").asInt(), dl.path("dir").asText());
        }
    }

    /** {@code <time> (<trigger>): 40 URLs, 2 of 120 results failing; next scheduled <time>} (docs/behaviour.md#connectivity-check-scheduling). */
    static String checkLine(JsonNode s) {
        JsonNode last = s.path("lastCheck");
        String head = last.isObject()
                ? last.path("finishedAt").asText() + " (" + last.path("trigger").asText() + "): "
                        + last.path("summary").asText()
                : "none yet";
        JsonNode c = s.path("connectivityChecks");
        String tail;
        if (!c.isObject()) {
            tail = "";
        } else if (!c.path("enabled").asBoolean()) {
            tail = "; scheduled checks off";
        } else if (c.path("running").asBoolean()) {
            tail = "; a check is running";
        } else {
            tail = "; next scheduled " + c.path("nextScheduledAt").asText();
        }
        return head + tail;
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format("%.1f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format("%.1f MiB", n / (double) (1L << 20));
        }
        return n >= 1024 ? String.format("%.1f KiB", n / 1024.0) : n + " B";
    }
}
