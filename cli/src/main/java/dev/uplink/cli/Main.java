package dev.uplink.cli;

import dev.uplink.analyzer.probe.PacWarmUp;
import dev.uplink.analyzer.probe.TlsWarmUp;
import dev.uplink.cli.collector.CollectorCommand;
import dev.uplink.cli.collector.CollectorHealthCommand;
import dev.uplink.cli.collector.CollectorSitesCommand;
import dev.uplink.cli.collector.ControlAnswer;
import dev.uplink.cli.collector.DevicesCommand;
import dev.uplink.cli.collector.StoreWarmUp;
import dev.uplink.cli.log.UplinkLoggingProvider;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point: builds the command tree and maps failures to exit codes (0 ok, 2 usage/validation, 1 runtime). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // slf4j finds its provider by a service-loader scan of the jar (~10 ms of a command's start-up,
        // docs/scaling.md#cli-start-up); named here, it loads it directly (and would announce that on stderr).
        System.setProperty("slf4j.provider", UplinkLoggingProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
        // While picocli builds the command: a running collector asked for the answer
        // (docs/behaviour.md#control-socket),
        // or else the JDK's one-time work of opening a store (docs/scaling.md#cli-start-up)
        if (!ControlAnswer.startEarly(args)) {
            StoreWarmUp.startInBackground(args);
        }
        if (args.length > 0 && args[0].equals("analyze")) {
            // While picocli builds the command and it reads its inputs (0.3-0.6 s): bench/analyzer/README.md
            TlsWarmUp.startInBackground();
            PacWarmUp.startInBackground();
        }
        // Log lines (the logging facility writes to System.err: docs/behaviour.md#logs) and anything printed outside
        // picocli's
        // writers pass through the same redaction as the commands' output: docs/behaviour.md#secrets-in-output
        System.setOut(Redaction.printStream(new FileOutputStream(FileDescriptor.out)));
        System.setErr(Redaction.printStream(new FileOutputStream(FileDescriptor.err)));
        int exit;
        try {
            CommandLine cmd = newCommandLine(args);
            // picocli writes to System.out and System.err, which redact every line already: not a second time
            // (the health document is megabytes: docs/scaling.md#fleet-health).
            cmd.setOut(new StandardOutput(cmd.getOut(), System.out));
            cmd.setErr(new StandardOutput(cmd.getErr(), System.err));
            exit = cmd.execute(args);
        } catch (RuntimeException | Error e) {
            // What picocli lets through (an Error such as StackOverflowError): still one uplink: line,
            // without the JVM's "Exception in thread" and class names (docs/behaviour.md#error-messages).
            System.err.println("uplink: " + Redaction.redactText(ErrorMessages.describe(e)));
            if (System.getenv("UPLINK_DEBUG") != null) {
                e.printStackTrace();
            }
            exit = ExitCodes.RUNTIME;
        }
        // The redacting streams hold a partial line until its end or a flush (docs/behaviour.md#secrets-in-output).
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    public static int run(String... args) {
        CommandLine cmd = newCommandLine(args);
        return cmd.execute(args);
    }

    /** The full command tree (help, completion, tests). */
    public static CommandLine newCommandLine() {
        return newCommandLine(null);
    }

    /**
     * The tree needed to run {@code args}: at each level whose subcommands are registered here
     * (the root, {@code collector}, {@code collector sites}) only the subcommand the next word names, else all of them (help,
     * unknown command messages); {@code uplink --version} alone builds none. Picocli reflects over
     * every class it is given, and that was most of a short command's start-up time
     * (docs/scaling.md#cli-start-up).
     */
    static CommandLine newCommandLine(String[] args) {
        return newCommandLine(args, true);
    }

    /**
     * As {@link #newCommandLine(String[])}; with {@code models} false every command's model is read
     * from its annotations, as before the programmatic models ({@code CommandModelTest} compares the two).
     */
    static CommandLine newCommandLine(String[] args, boolean models) {
        boolean versionOnly = args != null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        CommandLine cmd =
                versionOnly ? commandLine(UplinkCommand.class, models) : build(UplinkCommand.class, args, 0, models);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(100);
        // Every command's stdout and stderr pass through the one redaction, whatever builds the
        // text (a PAC result, an exception message, a URL read from a file): docs/behaviour.md#secrets-in-output
        cmd.setExecutionStrategy(new RedactedRun());
        cmd.setExecutionExceptionHandler(new FailureExit());
        cmd.setParameterExceptionHandler(new UsageExit());
        return cmd;
    }

    /*
     * The three handlers are classes, not lambdas: a lambda of a picocli interface (Java 5 bytecode)
     * is spun at every start, and kept that interface and its implementations out of the CDS archive,
     * so that they were the first classes read from the jar (docs/scaling.md#cli-start-up).
     */

    /** Runs the command with its stdout and stderr redacted. */
    private static final class RedactedRun implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(CommandLine.ParseResult parseResult) {
            CommandLine root = parseResult.commandSpec().commandLine();
            if (!(root.getOut() instanceof RedactedWriter || root.getOut() instanceof StandardOutput)) {
                root.setOut(new RedactedWriter(root.getOut()));
            }
            if (!(root.getErr() instanceof RedactedWriter || root.getErr() instanceof StandardOutput)) {
                root.setErr(new RedactedWriter(root.getErr()));
            }
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                root.getOut().flush();
                root.getErr().flush();
            }
        }
    }

    /** A command's failure: one uplink: line; exit 2 for bad input, else 1. */
    private static final class FailureExit implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            if (ex instanceof InvalidInputException) {
                commandLine.getErr().println("uplink: " + Redaction.redactText(ex.getMessage()));
                return ExitCodes.USAGE;
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                throw pe;
            }
            commandLine.getErr().println("uplink: " + Redaction.redactText(ErrorMessages.describe(ex)));
            if (System.getenv("UPLINK_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.RUNTIME;
        }
    }

    /** A command line picocli cannot parse: the error and where to find the usage; exit 2. */
    private static final class UsageExit implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] ignoredArgs) {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("uplink: " + Redaction.redactText(ErrorMessages.cleaned(ex.getMessage())));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        }
    }

    /** A writer of picocli's that redacts each line (marks the writers already wrapped). */
    private static final class RedactedWriter extends PrintWriter {
        RedactedWriter(PrintWriter out) {
            super(Redaction.writer(out), true);
        }
    }

    /** Commands whose subcommands are registered programmatically, so that a run builds one branch. */
    static final Map<Class<?>, List<Class<?>>> LAZY_SUBCOMMANDS = Map.of(
            UplinkCommand.class, UplinkCommand.SUBCOMMANDS,
            CollectorCommand.class, CollectorCommand.SUBCOMMANDS,
            CollectorSitesCommand.class, CollectorSitesCommand.SUBCOMMANDS);

    /**
     * Their names, in the same order: reading each class's annotation to find the one named cost a
     * collector command ~5 ms of a cold JVM (docs/scaling.md#cli-start-up).
     */
    static final Map<Class<?>, List<String>> LAZY_SUBCOMMAND_NAMES = Map.of(
            UplinkCommand.class, UplinkCommand.SUBCOMMAND_NAMES,
            CollectorCommand.class, CollectorCommand.SUBCOMMAND_NAMES,
            CollectorSitesCommand.class, CollectorSitesCommand.SUBCOMMAND_NAMES);

    private static CommandLine build(Class<?> command, String[] args, int depth, boolean models) {
        CommandLine cmd = commandLine(command, models);
        List<Class<?>> children = LAZY_SUBCOMMANDS.getOrDefault(command, List.of());
        Class<?> only = args == null || args.length <= depth
                ? null
                : subcommandNamed(children, LAZY_SUBCOMMAND_NAMES.get(command), args[depth]);
        for (Class<?> c : children) {
            if (only == null || c == only) {
                cmd.addSubcommand(
                        LAZY_SUBCOMMANDS.containsKey(c) ? build(c, args, depth + 1, models) : commandLine(c, models));
            }
        }
        return cmd;
    }

    /** The command's programmatic model where it has one, else picocli's reading of its annotations. */
    private static CommandLine commandLine(Class<?> c, boolean models) {
        CommandSpec model = models ? model(c) : null;
        return new CommandLine(model != null ? model : c);
    }

    /**
     * The commands whose model is made without reflection (docs/scaling.md#cli-start-up): the root and
     * the collector's store commands, the ones where a cold start is most of the time.
     */
    static CommandSpec model(Class<?> c) {
        if (c == UplinkCommand.class) {
            return UplinkCommand.model();
        } else if (c == CollectorCommand.class) {
            return CollectorCommand.model();
        } else if (c == CollectorHealthCommand.class) {
            return CollectorHealthCommand.model();
        } else if (c == CollectorSitesCommand.class) {
            return CollectorSitesCommand.model();
        } else if (c == CollectorSitesCommand.SetCommand.class) {
            return CollectorSitesCommand.SetCommand.model();
        } else if (c == CollectorSitesCommand.ListCommand.class) {
            return CollectorSitesCommand.ListCommand.model();
        } else if (c == CollectorSitesCommand.RemoveCommand.class) {
            return CollectorSitesCommand.RemoveCommand.model();
        } else if (c == DevicesCommand.class) {
            return DevicesCommand.model();
        }
        return null;
    }

    private static Class<?> subcommandNamed(List<Class<?>> children, List<String> names, String word) {
        if (names != null && names.size() == children.size()) {
            int i = names.indexOf(word);
            return i < 0 ? null : children.get(i);
        }
        for (Class<?> c : children) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (a != null && a.name().equals(word)) {
                return c;
            }
        }
        return null;
    }
}
