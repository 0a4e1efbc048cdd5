package dev.uplink.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * man(7) pages written from the picocli command tree, so that they say what {@code --help} says:
 * {@code uplink(1)} for the root command and one page per command group ({@code uplink-collector(1)}
 * holds {@code collector} and each of its subcommands).
 */
final class ManPages {
    private final String version;
    private final String date;

    /**
     * @param version shown in the page footer (the Maven project version)
     * @param date the footer date, YYYY-MM-DD (the commit's date: the same source gives the same pages)
     */
    ManPages(String version, String date) {
        this.version = version;
        this.date = date;
    }

    /** File name (e.g. {@code uplink-collector.1}) to page text, the root's page first. */
    Map<String, String> all(CommandLine root) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(pageName(root.getCommandSpec()) + ".1", rootPage(root));
        for (CommandLine group : visibleSubcommands(root)) {
            pages.put(pageName(group.getCommandSpec()) + ".1", groupPage(group));
        }
        return pages;
    }

    /** {@code uplink collector} -> {@code uplink-collector}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    String rootPage(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        StringBuilder m = header(spec);
        section(m, "SYNOPSIS");
        m.append(Troff.bold(spec.name()))
                .append(" [")
                .append(Troff.italic("OPTIONS"))
                .append("] ")
                .append(Troff.italic("COMMAND"))
                .append(" [")
                .append(Troff.italic("ARGUMENTS"))
                .append("]\n");
        section(m, "DESCRIPTION");
        paragraphs(m, spec.usageMessage().description());
        options(m, spec);
        section(m, "COMMANDS");
        m.append("Each command group has a page of its own.\n");
        for (CommandLine group : visibleSubcommands(root)) {
            m.append(".TP\n")
                    .append(Troff.bold(pageName(group.getCommandSpec())))
                    .append("(1)\n")
                    .append(Troff.text(summary(group.getCommandSpec())))
                    .append('\n');
        }
        footer(m, spec);
        section(m, "EXIT STATUS");
        m.append("0 on success, 1 when an operation failed, 2 for invalid input or usage.\n");
        section(m, "FILES");
        definition(
                m,
                "/etc/uplink/",
                "Configuration directory: policy.json (machine policy) and winhttp.json"
                        + " (system-wide proxy). Another directory with \\-\\-config\\-dir or UPLINK_CONFIG_DIR.");
        definition(m, "/var/lib/uplink/", "The sensor's state: spool, intake socket, status, device credential.");
        definition(m, "/var/lib/uplink-collector/", "The collector's data directory (uplink-collector.service).");
        section(m, "SEE ALSO");
        List<String> refs = new ArrayList<>();
        for (CommandLine group : visibleSubcommands(root)) {
            refs.add(Troff.bold(pageName(group.getCommandSpec())) + "(1)");
        }
        m.append(String.join(",\n", refs)).append('\n');
        return m.toString();
    }

    String groupPage(CommandLine group) {
        CommandSpec spec = group.getCommandSpec();
        StringBuilder m = header(spec);
        List<CommandLine> subs = visibleSubcommands(group);
        section(m, "SYNOPSIS");
        synopsis(m, group);
        for (CommandLine sub : subs) {
            synopsis(m, sub);
        }
        section(m, "DESCRIPTION");
        paragraphs(m, spec.usageMessage().description());
        options(m, spec);
        arguments(m, spec);
        footer(m, spec);
        if (!subs.isEmpty()) {
            section(m, "COMMANDS");
            for (CommandLine sub : subs) {
                command(m, sub);
            }
        }
        section(m, "SEE ALSO");
        m.append(Troff.bold(pageName(spec.root()))).append("(1)\n");
        return m.toString();
    }

    /** A subcommand (and, recursively, its own subcommands) as a subsection of its group's page. */
    private void command(StringBuilder m, CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        m.append(".SS ").append(Troff.quoted(spec.qualifiedName(" "))).append('\n');
        paragraphs(m, spec.usageMessage().description());
        optionList(m, spec);
        argumentList(m, spec);
        preformatted(m, spec.usageMessage().footer());
        for (CommandLine sub : visibleSubcommands(cmd)) {
            command(m, sub);
        }
    }

    private StringBuilder header(CommandSpec spec) {
        StringBuilder m = new StringBuilder();
        m.append(".\\\" Generated from the picocli command tree by dev.uplink.packaging.ManPages; do not edit.\n");
        m.append(".TH ")
                .append(Troff.quoted(pageName(spec).toUpperCase(Locale.ROOT)))
                .append(" 1 ")
                .append(Troff.quoted(date))
                .append(' ')
                .append(Troff.quoted("uplink " + version))
                .append(' ')
                .append(Troff.quoted("User Commands"))
                .append('\n');
        section(m, "NAME");
        m.append(Troff.text(pageName(spec)))
                .append(" \\- ")
                .append(Troff.text(summary(spec)))
                .append('\n');
        return m;
    }

    /**
     * The first sentence of the description (its first paragraph may wrap over several lines),
     * without its full stop: the NAME line is a phrase. A sentence ends at a full stop followed by
     * a capital letter, so "e.g. 'PROXY ...'" does not end one.
     */
    static String summary(CommandSpec spec) {
        StringBuilder paragraph = new StringBuilder();
        outer:
        for (String raw : spec.usageMessage().description()) {
            for (String line : format(raw).split("\n", -1)) {
                if (line.isBlank()) {
                    if (paragraph.length() > 0) {
                        break outer;
                    }
                    continue;
                }
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
            }
        }
        String first = SENTENCE_END.split(paragraph, 2)[0].strip();
        while (first.endsWith(".") || first.endsWith(",") || first.endsWith(":")) {
            first = first.substring(0, first.length() - 1);
        }
        return first;
    }

    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z])");

    private static void section(StringBuilder m, String name) {
        m.append(".SH ").append(Troff.quoted(name)).append('\n');
    }

    private static void definition(StringBuilder m, String term, String text) {
        m.append(".TP\n").append(Troff.bold(term)).append('\n').append(text).append('\n');
    }

    /** The usage line as picocli prints it (its continuation indent kept), in no-fill mode. */
    private static void synopsis(StringBuilder m, CommandLine cmd) {
        String text = new Help(cmd.getCommandSpec(), Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0);
        m.append(".nf\n");
        for (String line : text.stripTrailing().split("\n", -1)) {
            m.append(Troff.text(line.stripTrailing())).append('\n');
        }
        m.append(".fi\n");
    }

    /** Description lines joined into filled paragraphs; an empty line starts a new one. */
    private static void paragraphs(StringBuilder m, String[] lines) {
        boolean open = false;
        for (String raw : lines) {
            for (String line : format(raw).split("\n", -1)) {
                if (line.isBlank()) {
                    open = false;
                    continue;
                }
                if (!open) {
                    m.append(".PP\n");
                    open = true;
                }
                m.append(Troff.text(line.strip())).append('\n');
            }
        }
    }

    /** Footer lines (examples and notes), indentation kept. */
    private static void preformatted(StringBuilder m, String[] lines) {
        List<String> out = new ArrayList<>();
        for (String raw : lines) {
            out.addAll(List.of(format(raw).split("\n", -1)));
        }
        while (!out.isEmpty() && out.get(0).isBlank()) {
            out.remove(0);
        }
        if (out.isEmpty()) {
            return;
        }
        m.append(".PP\n.nf\n");
        for (String line : out) {
            m.append(Troff.text(line.stripTrailing())).append('\n');
        }
        m.append(".fi\n");
    }

    private static void footer(StringBuilder m, CommandSpec spec) {
        preformatted(m, spec.usageMessage().footer());
    }

    private static void options(StringBuilder m, CommandSpec spec) {
        if (visibleOptions(spec).isEmpty()) {
            return;
        }
        section(m, "OPTIONS");
        optionList(m, spec);
    }

    private static void arguments(StringBuilder m, CommandSpec spec) {
        if (visiblePositionals(spec).isEmpty()) {
            return;
        }
        section(m, "ARGUMENTS");
        argumentList(m, spec);
    }

    private static void optionList(StringBuilder m, CommandSpec spec) {
        for (OptionSpec o : visibleOptions(spec)) {
            List<String> names = new ArrayList<>();
            for (String name : o.names()) {
                String n = Troff.bold(name);
                if (o.typeInfo().isBoolean() || o.arity().max() == 0) {
                    names.add(n);
                } else {
                    names.add(n + "=" + Troff.italic(o.paramLabel()));
                }
            }
            m.append(".TP\n").append(String.join(", ", names)).append('\n');
            for (String line : o.description()) {
                m.append(Troff.text(format(rendered(o, line)).strip())).append('\n');
            }
        }
    }

    private static void argumentList(StringBuilder m, CommandSpec spec) {
        for (PositionalParamSpec p : visiblePositionals(spec)) {
            m.append(".TP\n").append(Troff.italic(p.paramLabel())).append('\n');
            for (String line : p.description()) {
                m.append(Troff.text(format(rendered(p, line)).strip())).append('\n');
            }
        }
    }

    /** The variables picocli's help fills in an option's description. */
    static String rendered(ArgSpec arg, String line) {
        String defaultValue = arg.defaultValueString();
        List<String> candidates = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(candidates::add);
        }
        return line.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue)
                .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private static List<PositionalParamSpec> visiblePositionals(CommandSpec spec) {
        return spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    }

    static List<CommandLine> visibleSubcommands(CommandLine cmd) {
        List<CommandLine> subs = new ArrayList<>();
        for (CommandLine sub : cmd.getSubcommands().values()) {
            // Aliases map to the same CommandLine: list each command once.
            if (!sub.getCommandSpec().usageMessage().hidden() && !subs.contains(sub)) {
                subs.add(sub);
            }
        }
        return subs;
    }

    /** picocli treats description text as a format string: %n is a line break, %% a percent sign. */
    static String format(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }
}
