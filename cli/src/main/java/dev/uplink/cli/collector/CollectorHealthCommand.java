package dev.uplink.cli.collector;

import static dev.uplink.cli.CommandModel.option;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uplink.cli.CommandModel;
import dev.uplink.cli.CommandModel.Field;
import dev.uplink.cli.StandardOutput;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.FixLists;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.store.Store;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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

    private static final FixLists FIX_LISTS = new AnalyzerFixLists();

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
        PrintWriter out = spec.commandLine().getOut();
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
                out.print(FIX_LISTS.render(kind, site, urls, via));
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
