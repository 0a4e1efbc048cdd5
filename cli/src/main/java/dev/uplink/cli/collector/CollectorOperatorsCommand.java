package dev.uplink.cli.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.operators.OperatorNames;
import dev.uplink.collector.operators.OperatorTokens;
import dev.uplink.collector.operators.PasswordHasher;
import dev.uplink.collector.store.Store;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code uplink collector operators}: who may open the dashboard and the API
 * (docs/behaviour.md#dashboard-and-operator-access). Passwords never come from the command line
 * (every local user sees it): a file, the terminal without echo, or standard input.
 */
@Command(
        name = "operators",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the operators of the collector's dashboard (/ui/) and API (/api/v1/).",
            "Passwords are stored as Argon2id hashes; API tokens are shown once and stored hashed.",
            "Operators live in the store, so they sign in on every collector that shares it."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector operators add alice --data /var/lib/uplink-collector",
            "  uplink collector operators add bob --password-file bob.pw --store postgresql://uplink@db/uplink",
            "  uplink collector operators token alice --data DIR",
            "  uplink collector operators list --data DIR",
            "  uplink collector operators remove bob --data DIR"
        },
        subcommands = {
            CollectorOperatorsCommand.AddCommand.class,
            CollectorOperatorsCommand.RemoveCommand.class,
            CollectorOperatorsCommand.TokenCommand.class,
            CollectorOperatorsCommand.ListCommand.class
        })
public class CollectorOperatorsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void validName(String name) {
        if (!OperatorNames.isValid(name)) {
            throw new InvalidInputException(
                    "operator name '" + name + "' is not valid: expected " + OperatorNames.EXPECTED);
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add the operator NAME. The password (at least " + PasswordHasher.MIN_LENGTH + " characters) is read",
                "from --password-file, else from the terminal without echo (twice), else from the first",
                "line of standard input."
            })
    public static class AddCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The operator's name (" + OperatorNames.EXPECTED + ").")
        String name;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "Read the password from the first line of FILE (readable by its owner only).")
        Path passwordFile;

        @Override
        public Integer call() throws IOException {
            validName(name);
            char[] password = password();
            try {
                if (password.length < PasswordHasher.MIN_LENGTH) {
                    throw new InvalidInputException("the password of operator " + name
                            + " is too short: expected at least " + PasswordHasher.MIN_LENGTH + " characters");
                }
                if (password.length > PasswordHasher.MAX_LENGTH) {
                    throw new InvalidInputException("the password of operator " + name
                            + " is too long: expected at most " + PasswordHasher.MAX_LENGTH + " characters");
                }
                String hash = new PasswordHasher().hash(password);
                try (Store store = storeOptions.openExisting()) {
                    if (!store.operators().add(name, hash, Instant.now())) {
                        throw new InvalidInputException("operator " + name + " already exists in "
                                + storeOptions.where() + " (remove it first to set a new password)");
                    }
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("added operator " + name);
            out.flush();
            return 0;
        }

        private char[] password() throws IOException {
            if (passwordFile != null) {
                String what = "--password-file " + passwordFile;
                if (!Files.isRegularFile(passwordFile)) {
                    throw new InvalidInputException(what + " is not a file; expected a file holding the password");
                }
                PrivateFiles.requireOwnerOnly(passwordFile, what);
                return firstLine(Files.readString(passwordFile, StandardCharsets.UTF_8));
            }
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password for operator %s: ", name);
                char[] again = console.readPassword("Again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw new InvalidInputException("the two passwords typed for operator " + name + " differ");
                }
                Arrays.fill(again, '\0');
                return first;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new InvalidInputException("no password for operator " + name
                        + ": give --password-file FILE or one line on standard input");
            }
            return firstLine(line);
        }

        /** The first line: a trailing newline (echo > file) is not part of the password. */
        private static char[] firstLine(String text) {
            int nl = text.indexOf('\n');
            String line = nl < 0 ? text : text.substring(0, nl);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            return line.toCharArray();
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Remove the operator NAME and its API tokens; its dashboard sessions end at their next request.")
    public static class RemoveCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "NAME", description = "The operator to remove.")
        String name;

        @Override
        public Integer call() {
            validName(name);
            try (Store store = storeOptions.openExisting()) {
                if (!store.operators().remove(name)) {
                    throw new InvalidInputException("no operator named " + name + " in " + storeOptions.where()
                            + " (list them with 'uplink collector operators list " + storeOptions.option() + "')");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("removed operator " + name);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = {
                "Issue an API token for the operator NAME: printed once on standard output (the store keeps",
                "only its hash). Send it as 'Authorization: Bearer TOKEN' to /api/v1/."
            })
    public static class TokenCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "NAME", description = "The operator the token acts as.")
        String name;

        @Override
        public Integer call() {
            validName(name);
            String token = OperatorTokens.newToken();
            try (Store store = storeOptions.openExisting()) {
                if (store.operators().passwordHash(name).isEmpty()) {
                    throw new InvalidInputException("no operator named " + name + " in " + storeOptions.where()
                            + " (add it with 'uplink collector operators add " + name + "')");
                }
                store.operators().addToken(name, OperatorTokens.hash(token), Instant.now());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("API token for operator " + name + " (shown only now; keep it like a password):");
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the operators (names only).")
    public static class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--json", description = "Print a JSON array of names.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            List<String> names;
            try (Store store = storeOptions.openExisting()) {
                names = store.operators().names();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(names));
            } else if (names.isEmpty()) {
                out.println("no operators: add one with 'uplink collector operators add NAME'");
            } else {
                names.forEach(out::println);
            }
            out.flush();
            return 0;
        }
    }
}
