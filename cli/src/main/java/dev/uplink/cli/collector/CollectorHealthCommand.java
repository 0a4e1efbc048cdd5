package dev.uplink.cli.collector;

import static dev.uplink.cli.CommandModel.option;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uplink.cli.CommandModel;
import dev.uplink.cli.CommandModel.Field;
import dev.uplink.cli.StandardOutput;
import dev.uplink.collector.control.ControlClient;
import dev.uplink.collector.control.ControlRequest;
import dev.uplink.collector.control.StoreIdentity;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.FixLists;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector health}: the fleet's connectivity by site and endpoint (docs/behaviour.md#fleet-health). */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Show which sites cannot reach which endpoints, and why, from the devices' latest",
            "connectivity checks: per site its devices, failing and stale devices, each endpoint that",
            "fails there with its top diagnosis, then the failing and stale devices with the evidence.",
            "--fix prints, for one site, the allowlist or inspection-bypass list for exactly the",
            "endpoints failing there."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector health --data /var/lib/uplink-collector",
            "  uplink collector health --store postgresql://uplink@db.corp.example/uplink --json",
            "  uplink collector health --data DIR --site hq --fix squid > /etc/squid/uplink-hq.conf",
            "  uplink collector health --data DIR --site hq --fix pac --proxy proxy.corp:3128"
        })
public class CollectorHealthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--json", description = "Print the health document as JSON: generatedAt, sites, cells, devices.")
    boolean json;

    @Option(names = "--site", paramLabel = "NAME", description = "Only this site (as 'collector health' names it).")
    String site;

    @Option(
            names = "--fix",
            paramLabel = "KIND",
            description = "With --site: print the fix for the endpoints failing there:"
                    + " squid (allowlist ACL), pac (proxy auto-config) or inspection-bypass (domains).")
    String fix;

    @Option(
            names = "--proxy",
            paramLabel = "HOST:PORT",
            description =
                    "With --fix pac: the proxy the hosts go to. Default: the proxy the site's devices report most.")
    String proxy;

    @Option(
            names = "--control-socket",
            paramLabel = "PATH",
            description = "Ask the collector running on this store through its control socket at PATH first."
                    + " Default: DIR/control.sock for a data directory; none for --store postgresql://.")
    Path controlSocket;

    @Option(
            names = "--no-control-socket",
            description = "Open the store even when a collector running on it could answer.")
    boolean noControlSocket;

    /**
     * This command's model, made without reading the annotations above (docs/scaling.md#cli-start-up;
     * {@code CommandModelTest} holds the two equal).
     */
    public static CommandSpec model() {
        CollectorHealthCommand c = new CollectorHealthCommand();
        c.spec = CommandModel.command(
                c,
                "health",
                new String[] {
                    "Show which sites cannot reach which endpoints, and why, from the devices' latest",
                    "connectivity checks: per site its devices, failing and stale devices, each endpoint that",
                    "fails there with its top diagnosis, then the failing and stale devices with the evidence.",
                    "--fix prints, for one site, the allowlist or inspection-bypass list for exactly the",
                    "endpoints failing there."
                },
                "",
                "Examples:",
                "  uplink collector health --data /var/lib/uplink-collector",
                "  uplink collector health --store postgresql://uplink@db.corp.example/uplink --json",
                "  uplink collector health --data DIR --site hq --fix squid > /etc/squid/uplink-hq.conf",
                "  uplink collector health --data DIR --site hq --fix pac --proxy proxy.corp:3128");
        c.storeOptions = StoreOptions.addTo(c.spec);
        Class<?> owner = CollectorHealthCommand.class;
        c.spec.addOption(
                option(Field.of(owner, "json", boolean.class, "boolean", () -> c.json, v -> c.json = v), "--json")
                        .description("Print the health document as JSON: generatedAt, sites, cells, devices.")
                        .build());
        c.spec.addOption(
                option(Field.of(owner, "site", String.class, "String", () -> c.site, v -> c.site = v), "--site")
                        .paramLabel("NAME")
                        .description("Only this site (as 'collector health' names it).")
                        .build());
        c.spec.addOption(option(Field.of(owner, "fix", String.class, "String", () -> c.fix, v -> c.fix = v), "--fix")
                .paramLabel("KIND")
                .description("With --site: print the fix for the endpoints failing there:"
                        + " squid (allowlist ACL), pac (proxy auto-config) or inspection-bypass (domains).")
                .build());
        c.spec.addOption(
                option(Field.of(owner, "proxy", String.class, "String", () -> c.proxy, v -> c.proxy = v), "--proxy")
                        .paramLabel("HOST:PORT")
                        .description(
                                "With --fix pac: the proxy the hosts go to. Default: the proxy the site's devices report most.")
                        .build());
        c.spec.addOption(option(
                        Field.of(
                                owner,
                                "controlSocket",
                                Path.class,
                                "java.nio.file.Path",
                                () -> c.controlSocket,
                                v -> c.controlSocket = v),
                        "--control-socket")
                .paramLabel("PATH")
                .description("Ask the collector running on this store through its control socket at PATH first."
                        + " Default: DIR/control.sock for a data directory; none for --store postgresql://.")
                .build());
        c.spec.addOption(option(
                        Field.of(
                                owner,
                                "noControlSocket",
                                boolean.class,
                                "boolean",
                                () -> c.noControlSocket,
                                v -> c.noControlSocket = v),
                        "--no-control-socket")
                .description("Open the store even when a collector running on it could answer.")
                .build());
        CommandModel.addStandardHelpOptions(c.spec);
        return c.spec;
    }

    @Override
    public Integer call() throws IOException {
        FixKind kind = null;
        if (fix != null) {
            kind = FixKind.fromWireName(fix)
                    .orElseThrow(() -> new InvalidInputException(
                            "--fix '" + fix + "' is not known: expected squid, pac or inspection-bypass"));
            if (site == null) {
                throw new InvalidInputException("--fix needs --site NAME: a fix list is for the endpoints failing at"
                        + " one site (the sites are listed by 'uplink collector health')");
            }
            if (json) {
                throw new InvalidInputException("--fix prints the list itself: leave out --json");
            }
        }
        if (proxy != null && kind != FixKind.PAC) {
            throw new InvalidInputException("--proxy is only used with --fix pac");
        }
        if (noControlSocket && controlSocket != null) {
            throw new InvalidInputException("--control-socket and --no-control-socket: give one of them");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (kind == null && !noControlSocket && fromRunningCollector(out)) {
            return 0;
        }
        return direct(out, kind);
    }

    /**
     * Prints the answer of a collector running on the same store, if one answers on its control
     * socket: the same bytes, without opening the store in this cold process
     * (docs/behaviour.md#control-socket). Only JDK classes and the control package are loaded here.
     */
    private boolean fromRunningCollector(PrintWriter out) throws IOException {
        StoreUrl url = storeOptions.url();
        Path socket = ControlAnswer.socketFor(url, controlSocket);
        if (socket == null) {
            return false;
        }
        ControlClient.Outcome outcome = new ControlClient.Outcome();
        Optional<byte[]> answer =
                ControlAnswer.ask(socket, new ControlRequest(StoreIdentity.of(url), json, site), outcome);
        if (answer.isEmpty()) {
            LoggerFactory.getLogger(CollectorHealthCommand.class)
                    .debug("collector health: opening the store ({})", outcome.why());
            return false;
        }
        if (json && out instanceof StandardOutput stdout) {
            // The document's bytes as they came, through the same redacting byte stream as the command's own.
            out.flush();
            stdout.bytes().write(answer.get());
            stdout.bytes().flush();
        } else {
            out.print(new String(answer.get(), StandardCharsets.UTF_8));
        }
        if (json) {
            out.println();
        }
        out.flush();
        return true;
    }

    // Made when used: a command answered by a running collector loads none of it.
    private static FixLists fixLists() {
        return new AnalyzerFixLists();
    }

    private Integer direct(PrintWriter out, FixKind kind) throws IOException {
        try (Store store = storeOptions.openExisting()) {
            Instant now = Instant.now();
            HealthDocument doc = store.health().health(now, Optional.ofNullable(site));
            if (site != null && doc.sites().isEmpty()) {
                boolean defined =
                        store.health().sites().stream().map(Site::name).anyMatch(site::equals);
                if (!defined) {
                    throw new InvalidInputException("--site '" + site + "': no such site in " + storeOptions.where()
                            + " (no device is placed there and no range defines it; the sites are listed by"
                            + " 'uplink collector health " + storeOptions.option() + "')");
                }
            }
            if (kind != null) {
                List<String> urls = store.health().failingUrls(site, now, kind);
                String via =
                        proxy != null ? proxy : store.health().siteProxy(site).orElse(null);
                out.print(fixLists().render(kind, site, urls, via));
            } else if (json) {
                // Streamed into the output, not built as a tree and a String first: the document of a
                // fleet is megabytes and this JVM is a cold one (docs/scaling.md#fleet-health). As UTF-8
                // bytes where the output is the process's stdout (not characters encoded again there).
                out.flush();
                try (JsonGenerator g = out instanceof StandardOutput stdout
                        ? new JsonFactory().createGenerator(stdout.bytes())
                        : new JsonFactory().createGenerator(out)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    HealthJson.writeDocument(doc, g);
                }
                out.println();
            } else {
                out.print(HealthText.render(doc));
            }
        }
        out.flush();
        return 0;
    }
}
