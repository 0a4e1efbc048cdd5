package dev.uplink.cli;

import dev.uplink.core.InvalidInputException;
import picocli.CommandLine;

/** Entry point: builds the command tree and maps failures to exit codes (0 ok, 2 usage/validation, 1 runtime). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
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
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidInputException) {
                commandLine.getErr().println("uplink: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                throw pe;
            }
            commandLine.getErr().println("uplink: " + describe(ex));
            if (System.getenv("UPLINK_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.RUNTIME;
        });
        cmd.setParameterExceptionHandler((ex, ignoredArgs) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("uplink: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cmd;
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

    private static String describe(Exception ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }
}
