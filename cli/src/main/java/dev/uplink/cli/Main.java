package dev.uplink.cli;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: builds the command tree and maps failures to exit codes (0 ok, 2 usage/validation, 1 runtime). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Log lines (the logging facility writes to System.err: docs/behaviour.md#logs) and anything printed outside
        // picocli's
        // writers pass through the same redaction as the commands' output: docs/behaviour.md#secrets-in-output
        System.setOut(Redaction.printStream(new FileOutputStream(FileDescriptor.out)));
        System.setErr(Redaction.printStream(new FileOutputStream(FileDescriptor.err)));
        int exit;
        try {
            exit = run(args);
        } catch (RuntimeException | Error e) {
            // What picocli lets through (an Error such as StackOverflowError): still one uplink: line,
            // without the JVM's "Exception in thread" and class names (docs/behaviour.md#error-messages).
            System.err.println("uplink: " + Redaction.redactText(ErrorMessages.describe(e)));
            if (System.getenv("UPLINK_DEBUG") != null) {
                e.printStackTrace();
            }
            exit = ExitCodes.RUNTIME;
        }
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
     * The tree needed to run {@code args}: only the named subcommand when the first word is one,
     * else every subcommand (root help, unknown command messages).
     */
    static CommandLine newCommandLine(String[] args) {
        CommandLine cmd = new CommandLine(new UplinkCommand());
        Class<?> only = args == null || args.length == 0 ? null : subcommandNamed(args[0]);
        for (Class<?> c : UplinkCommand.SUBCOMMANDS) {
            if (only == null || c == only) {
                cmd.addSubcommand(new CommandLine(c));
            }
        }
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(100);
        // Every command's stdout and stderr pass through the one redaction, whatever builds the
        // text (a PAC result, an exception message, a URL read from a file): docs/behaviour.md#secrets-in-output
        cmd.setExecutionStrategy(parseResult -> {
            CommandLine root = parseResult.commandSpec().commandLine();
            if (!(root.getOut() instanceof RedactedWriter)) {
                root.setOut(new RedactedWriter(root.getOut()));
            }
            if (!(root.getErr() instanceof RedactedWriter)) {
                root.setErr(new RedactedWriter(root.getErr()));
            }
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                root.getOut().flush();
                root.getErr().flush();
            }
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
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
        });
        cmd.setParameterExceptionHandler((ex, ignoredArgs) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("uplink: " + Redaction.redactText(ErrorMessages.cleaned(ex.getMessage())));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cmd;
    }

    /** A writer of picocli's that redacts each line (marks the writers already wrapped). */
    private static final class RedactedWriter extends PrintWriter {
        RedactedWriter(PrintWriter out) {
            super(Redaction.writer(out), true);
        }
    }

    private static Class<?> subcommandNamed(String word) {
        for (Class<?> c : UplinkCommand.SUBCOMMANDS) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (a != null && a.name().equals(word)) {
                return c;
            }
        }
        return null;
    }
}
