package dev.uplink.cli.collector;

import static dev.uplink.cli.CommandModel.option;
import static dev.uplink.cli.CommandModel.positional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.CommandModel;
import dev.uplink.cli.CommandModel.Field;
import dev.uplink.collector.health.Cidr;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteAssignment;
import dev.uplink.collector.store.Store;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplink collector sites}: the administrator's sites (docs/behaviour.md#sites). */
@Command(
        name = "sites",
        mixinStandardHelpOptions = true,
        description = {
            "Define the sites fleet health groups devices by: a name and its address ranges.",
            "A device belongs to the most specific range containing its primary address; a device",
            "in no range is placed automatically by its DNS domain and the /24 (IPv6: /64) of its",
            "primary address, e.g. 'corp.example 10.1.2.0/24'."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector sites set hq 10.1.0.0/16 fd00:1::/48 --data /var/lib/uplink-collector",
            "  uplink collector sites list --json --store postgresql://uplink@db.corp.example/uplink",
            "  uplink collector sites remove hq --data DIR"
        })
public class CollectorSitesCommand implements Runnable {

    /** The subcommands, in help order; registered by {@code Main} so that a run builds only its own (docs/scaling.md#cli-start-up). */
    public static final List<Class<?>> SUBCOMMANDS =
            List.of(CollectorSitesCommand.SetCommand.class, ListCommand.class, RemoveCommand.class);

    /** The names of {@link #SUBCOMMANDS}, in the same order (a test keeps them equal to the annotations'). */
    public static final List<String> SUBCOMMAND_NAMES = List.of("set", "list", "remove");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * This command's model, made without reading the annotations above (docs/scaling.md#cli-start-up;
     * {@code CommandModelTest} holds the two equal); likewise each subcommand's {@code model()}.
     */
    public static CommandSpec model() {
        CollectorSitesCommand c = new CollectorSitesCommand();
        c.spec = CommandModel.command(
                c,
                "sites",
                new String[] {
                    "Define the sites fleet health groups devices by: a name and its address ranges.",
                    "A device belongs to the most specific range containing its primary address; a device",
                    "in no range is placed automatically by its DNS domain and the /24 (IPv6: /64) of its",
                    "primary address, e.g. 'corp.example 10.1.2.0/24'."
                },
                "",
                "Examples:",
                "  uplink collector sites set hq 10.1.0.0/16 fd00:1::/48 --data /var/lib/uplink-collector",
                "  uplink collector sites list --json --store postgresql://uplink@db.corp.example/uplink",
                "  uplink collector sites remove hq --data DIR");
        CommandModel.addStandardHelpOptions(c.spec);
        return c.spec;
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Create the site NAME, or replace its ranges, and place every device again.",
                "Ranges are CIDRs without host bits (10.1.2.0/24, fd00::/64); nothing changes when one is wrong."
            })
    public static class SetCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The site's name: letters, digits, '.', '_', '-' (at most 64).")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CIDR", description = "The site's address ranges.")
        List<String> cidrs = new ArrayList<>();

        public static CommandSpec model() {
            SetCommand c = new SetCommand();
            c.spec = CommandModel.command(c, "set", new String[] {
                "Create the site NAME, or replace its ranges, and place every device again.",
                "Ranges are CIDRs without host bits (10.1.2.0/24, fd00::/64); nothing changes when one is wrong."
            });
            c.storeOptions = StoreOptions.addTo(c.spec);
            Class<?> owner = SetCommand.class;
            c.spec.addPositional(
                    positional(Field.of(owner, "name", String.class, "String", () -> c.name, v -> c.name = v))
                            .index("0")
                            .required(true)
                            .paramLabel("NAME")
                            .description("The site's name: letters, digits, '.', '_', '-' (at most 64).")
                            .build());
            c.spec.addPositional(positional(Field.list(
                            owner, "cidrs", String.class, "java.util.List<String>", () -> c.cidrs, v -> c.cidrs = v))
                    .index("1..*")
                    .arity("1..*")
                    .required(true)
                    .paramLabel("CIDR")
                    .description("The site's address ranges.")
                    .build());
            CommandModel.addStandardHelpOptions(c.spec);
            return c.spec;
        }

        @Override
        public Integer call() {
            SiteAssignment.validName(name);
            LinkedHashSet<String> canonical = new LinkedHashSet<>();
            for (String c : cidrs) {
                canonical.add(Cidr.parse(c).toString());
            }
            try (Store store = storeOptions.openExisting()) {
                store.health().setSite(name, List.copyOf(canonical));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("site " + name + ": " + String.join(" ", canonical));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the administrator's sites.")
    public static class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--json", description = "Print JSON: [{\"name\", \"cidrs\"}].")
        boolean json;

        public static CommandSpec model() {
            ListCommand c = new ListCommand();
            c.spec = CommandModel.command(c, "list", new String[] {"List the administrator's sites."});
            c.storeOptions = StoreOptions.addTo(c.spec);
            c.spec.addOption(option(
                            Field.of(
                                    ListCommand.class, "json", boolean.class, "boolean", () -> c.json, v -> c.json = v),
                            "--json")
                    .description("Print JSON: [{\"name\", \"cidrs\"}].")
                    .build());
            CommandModel.addStandardHelpOptions(c.spec);
            return c.spec;
        }

        @Override
        public Integer call() throws IOException {
            List<Site> sites;
            try (Store store = storeOptions.openExisting()) {
                sites = store.health().sites();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Site s : sites) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", s.name());
                    m.put("cidrs", s.cidrs());
                    rows.add(m);
                }
                out.println(new ObjectMapper().writeValueAsString(rows));
            } else if (sites.isEmpty()) {
                out.println("no sites defined: devices are placed by DNS domain and /24 (IPv6: /64)");
            } else {
                int width = Math.max(
                        4, sites.stream().mapToInt(s -> s.name().length()).max().orElse(4));
                out.printf("%-" + width + "s  %s%n", "SITE", "RANGES");
                for (Site s : sites) {
                    out.printf("%-" + width + "s  %s%n", s.name(), String.join(" ", s.cidrs()));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove the site NAME; its devices are placed again (automatically, or by another range).")
    public static class RemoveCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "NAME", description = "The site to remove.")
        String name;

        public static CommandSpec model() {
            RemoveCommand c = new RemoveCommand();
            c.spec = CommandModel.command(c, "remove", new String[] {
                "Remove the site NAME; its devices are placed again (automatically, or by another range)."
            });
            c.storeOptions = StoreOptions.addTo(c.spec);
            c.spec.addPositional(positional(Field.of(
                            RemoveCommand.class, "name", String.class, "String", () -> c.name, v -> c.name = v))
                    .index("0")
                    .required(true)
                    .paramLabel("NAME")
                    .description("The site to remove.")
                    .build());
            CommandModel.addStandardHelpOptions(c.spec);
            return c.spec;
        }

        @Override
        public Integer call() {
            try (Store store = storeOptions.openExisting()) {
                if (!store.health().removeSite(name)) {
                    throw new InvalidInputException("no site named '" + name + "' in " + storeOptions.where()
                            + " (list them with 'uplink collector sites list " + storeOptions.option() + "')");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("removed site " + name);
            out.flush();
            return 0;
        }
    }
}
