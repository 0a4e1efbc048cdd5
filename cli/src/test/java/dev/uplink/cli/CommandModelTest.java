package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.cli.collector.CollectorCommand;
import dev.uplink.cli.collector.CollectorHealthCommand;
import dev.uplink.cli.collector.CollectorSitesCommand;
import dev.uplink.cli.collector.DevicesCommand;
import dev.uplink.collector.store.CollectorStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands whose picocli model is made programmatically (no annotation read at start-up:
 * docs/scaling.md#cli-start-up) against the model picocli reads from the same classes' annotations:
 * every public attribute of the commands, their options and positional parameters, the help text
 * byte for byte, and what a run prints and returns, for valid and invalid command lines.
 */
class CommandModelTest {

    /** The commands with a programmatic model; a new one is added here and to Main.model together. */
    static final List<Class<?>> MODELLED = List.of(
            UplinkCommand.class,
            CollectorCommand.class,
            CollectorHealthCommand.class,
            CollectorSitesCommand.class,
            CollectorSitesCommand.SetCommand.class,
            CollectorSitesCommand.ListCommand.class,
            CollectorSitesCommand.RemoveCommand.class,
            DevicesCommand.class);

    @TempDir
    Path dir;

    static Stream<Class<?>> modelled() {
        return MODELLED.stream();
    }

    @Test
    void exactlyTheListedCommandsHaveAProgrammaticModel() {
        List<Class<?>> withModel = new ArrayList<>();
        walk(Main.newCommandLine(null, false), c -> {
            Class<?> type = c.getCommandSpec().userObject().getClass();
            if (Main.model(type) != null) {
                withModel.add(type);
            }
        });
        assertEquals(Set.copyOf(MODELLED), Set.copyOf(withModel));
    }

    @ParameterizedTest
    @MethodSource("modelled")
    void theModelHasEveryAttributeTheAnnotationsGive(Class<?> command) {
        CommandSpec annotated = new CommandLine(command).getCommandSpec();
        CommandSpec programmatic = new CommandLine(Main.model(command)).getCommandSpec();

        assertEquals(Map.of(), differences(describe(annotated), describe(programmatic)), command::getName);
        assertEquals(annotated.mixins().keySet(), programmatic.mixins().keySet(), () -> command.getName() + " mixins");
        for (String mixin : annotated.mixins().keySet()) {
            Map<String, String> differences = differences(
                    describe(annotated.mixins().get(mixin)),
                    describe(programmatic.mixins().get(mixin)));
            // A mixin's text names its annotated field, or its user object (picocli's AutoHelpMixin is not
            // public): not an attribute of the options.
            differences.remove("command.toString");
            assertEquals(Map.of(), differences, () -> command.getName() + " mixin " + mixin);
        }
        assertTrue(describe(annotated).size() > 50, "the comparison sees the attributes");
    }

    /** The help of every command of the full tree, byte for byte, with the widths and settings Main sets. */
    @Test
    void everyCommandsHelpIsTheSame() {
        Map<String, String> annotated = helpTexts(Main.newCommandLine(null, false));
        Map<String, String> programmatic = helpTexts(Main.newCommandLine(null, true));

        assertEquals(annotated.keySet(), programmatic.keySet());
        annotated.forEach((name, text) -> assertEquals(text, programmatic.get(name), name));
        assertTrue(annotated.containsKey("uplink collector health"), annotated.keySet()::toString);
    }

    /**
     * Command lines that fail in parsing or validation, or print help or the version: the same
     * stdout, stderr and exit code through both models (no store is opened).
     */
    static Stream<List<String>> commandLines() {
        String missing = "/nonexistent/uplink-model-test";
        return Stream.of(
                List.of(),
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("-V"),
                List.of("--nosuch"),
                List.of("collector"),
                List.of("collector", "--help"),
                List.of("collector", "-V"),
                List.of("collector", "nosuch"),
                List.of("collector", "health"),
                List.of("collector", "health", "--help"),
                List.of("collector", "health", "-h", "--json"),
                List.of("collector", "health", "--version"),
                List.of("collector", "health", "--store"),
                List.of("collector", "health", "--data"),
                List.of("collector", "health", "--site"),
                List.of("collector", "health", "--jsno", "--data", missing),
                List.of("collector", "health", "extra", "--data", missing),
                List.of("collector", "health", "--site", "a", "--site", "b", "--data", missing),
                List.of("collector", "health", "--json", "--json", "--data", missing),
                List.of("collector", "health", "--json=true", "--data", missing),
                List.of("collector", "health", "--json=maybe", "--data", missing),
                List.of("collector", "health", "--fix", "bogus", "--data", missing),
                List.of("collector", "health", "--fix", "squid", "--data", missing),
                List.of("collector", "health", "--fix", "squid", "--site", "hq", "--json", "--data", missing),
                List.of("collector", "health", "--proxy", "p:3128", "--data", missing),
                List.of("collector", "health", "--data", missing, "--store", "sqlite:" + missing),
                List.of("collector", "health", "--store", "mysql://x/y"),
                List.of("collector", "health", "--store", "postgresql://u:secret@127.0.0.1:1/x", "--json"),
                List.of("collector", "health", "--data", missing),
                List.of("collector", "health", "--json", "--data", missing),
                List.of("collector", "health", "--data=" + missing, "--site=hq"),
                List.of("collector", "sites"),
                List.of("collector", "sites", "--help"),
                List.of("collector", "sites", "nosuch"),
                List.of("collector", "sites", "set"),
                List.of("collector", "sites", "set", "--help"),
                List.of("collector", "sites", "set", "hq"),
                List.of("collector", "sites", "set", "hq", "--data", missing),
                List.of("collector", "sites", "set", "bad name!", "10.0.0.0/8", "--data", missing),
                List.of("collector", "sites", "set", "hq", "10.0.0.1/8", "--data", missing),
                List.of("collector", "sites", "set", "hq", "10.0.0.0/8", "fd00::/64", "--data", missing),
                List.of("collector", "sites", "set", "--data", missing, "--", "hq", "10.0.0.0/8"),
                List.of("collector", "sites", "list", "-h"),
                List.of("collector", "sites", "list", "--data", missing),
                List.of("collector", "sites", "list", "--json", "x", "--data", missing),
                List.of("collector", "sites", "list"),
                List.of("collector", "sites", "remove"),
                List.of("collector", "sites", "remove", "--help"),
                List.of("collector", "sites", "remove", "hq", "hq2", "--data", missing),
                List.of("collector", "sites", "remove", "hq", "--data", missing),
                List.of("collector", "devices", "--help"),
                List.of("collector", "devices"),
                List.of("collector", "devices", "--revoke"),
                List.of("collector", "devices", "--revoke", "nope", "--data", missing),
                List.of("collector", "devices", "--revoke-token", "tok-x", "--data", missing),
                List.of("collector", "devices", "--revoke", "dev-0123456789abcdef", "--data", missing),
                List.of("collector", "devices", "--tokens", "--json", "--data", missing),
                List.of("collector", "devices", "--tokens=false", "--data", missing),
                List.of(
                        "collector",
                        "devices",
                        "--store-password-file",
                        "/nonexistent/pw",
                        "--store",
                        "postgresql://127.0.0.1:1/x"),
                List.of("collector", "run", "--help"),
                List.of("analyze", "--nosuch"));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void aRunPrintsAndReturnsTheSame(List<String> args) {
        assertEquals(run(args, false), run(args, true), args::toString);
    }

    /** Runs on a real store: each step through both models, each on its own copy of the store. */
    @Test
    void theStoreCommandsDoTheSameOnAStore() {
        Path annotated = dir.resolve("annotated");
        Path programmatic = dir.resolve("programmatic");
        for (Path data : List.of(annotated, programmatic)) {
            try (CollectorStore store = CollectorStore.open(data)) {
                store.tenantId();
            }
        }
        List<List<String>> steps = List.of(
                List.of("collector", "sites", "list", "--data", "DATA"),
                List.of("collector", "sites", "set", "hq", "10.1.0.0/16", "fd00:1::/48", "--data", "DATA"),
                List.of("collector", "sites", "set", "branch", "10.2.0.0/16", "--store", "sqlite:DATA"),
                List.of("collector", "sites", "list", "--data", "DATA"),
                List.of("collector", "sites", "list", "--json", "--data", "DATA"),
                List.of("collector", "health", "--data", "DATA", "--site", "nosuch"),
                List.of("collector", "health", "--data", "DATA", "--site", "hq", "--fix", "squid"),
                List.of("collector", "health", "--data", "DATA", "--site", "hq", "--fix", "pac", "--proxy", "p:3128"),
                List.of("collector", "sites", "remove", "branch", "--data", "DATA"),
                List.of("collector", "sites", "remove", "branch", "--data", "DATA"),
                List.of("collector", "devices", "--data", "DATA"),
                List.of("collector", "devices", "--tokens", "--json", "--data", "DATA"),
                List.of("collector", "devices", "--revoke", "dev-0123456789abcdef", "--data", "DATA"));
        for (List<String> step : steps) {
            Run a = run(withData(step, annotated), false);
            Run p = run(withData(step, programmatic), true);
            assertEquals(
                    a.toString().replace(annotated.toString(), "DATA"),
                    p.toString().replace(programmatic.toString(), "DATA"),
                    step::toString);
        }
    }

    /** What parsing leaves in each field of the command that runs: the same values through both models. */
    @ParameterizedTest
    @MethodSource("commandLines")
    void parsingSetsTheSameFields(List<String> args) throws IllegalAccessException {
        Map<String, String> annotated = parsedFields(args, false);
        Map<String, String> programmatic = parsedFields(args, true);
        assertEquals(annotated, programmatic, args::toString);
    }

    @Test
    void parsingTwiceStartsFromTheInitialValues() throws IllegalAccessException {
        CommandLine root = Main.newCommandLine(null, true);
        root.parseArgs("collector", "devices", "--revoke", "dev-1", "--revoke", "dev-2", "--json", "--data", "d");
        root.parseArgs("collector", "devices", "--data", "e");
        CommandLine devices =
                root.getSubcommands().get("collector").getSubcommands().get("devices");
        Map<String, String> fields = fields(devices.getCommandSpec().userObject());
        assertEquals("[]", fields.get("revoke"), fields::toString);
        assertEquals("false", fields.get("json"), fields::toString);
        assertEquals(
                "e",
                fields(((DevicesCommand) devices.getCommandSpec().userObject())).get("storeOptions.data"),
                fields::toString);
    }

    private static List<String> withData(List<String> step, Path data) {
        return step.stream().map(a -> a.replace("DATA", data.toString())).toList();
    }

    record Run(int exit, String out, String err) {}

    private static Run run(List<String> args, boolean models) {
        String[] a = args.toArray(new String[0]);
        CommandLine cmd = Main.newCommandLine(a, models);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(a);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Map<String, String> parsedFields(List<String> args, boolean models) throws IllegalAccessException {
        CommandLine cmd = Main.newCommandLine(args.toArray(new String[0]), models);
        Map<String, String> result = new TreeMap<>();
        try {
            CommandLine.ParseResult parsed = cmd.parseArgs(args.toArray(new String[0]));
            for (CommandLine c : parsed.asCommandLineList()) {
                Object command = c.getCommandSpec().userObject();
                fields(command).forEach((k, v) -> result.put(c.getCommandName() + "." + k, v));
            }
        } catch (CommandLine.ParameterException e) {
            result.put("error", e.getMessage());
        }
        return result;
    }

    /** The command object's fields (and its mixin's), as text; not the spec it is given. */
    private static Map<String, String> fields(Object command) throws IllegalAccessException {
        Map<String, String> result = new TreeMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandSpec.class) {
                continue;
            }
            f.setAccessible(true);
            Object value = f.get(command);
            if (value != null && value.getClass().getName().endsWith("StoreOptions")) {
                for (Map.Entry<String, String> e : fields(value).entrySet()) {
                    result.put(f.getName() + "." + e.getKey(), e.getValue());
                }
            } else {
                result.put(f.getName(), withoutIdentities(String.valueOf(value)));
            }
        }
        return result;
    }

    private static void walk(CommandLine c, java.util.function.Consumer<CommandLine> each) {
        each.accept(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            walk(sub, each);
        }
    }

    private static Map<String, String> helpTexts(CommandLine root) {
        Map<String, String> result = new LinkedHashMap<>();
        walk(
                root,
                c -> result.put(
                        c.getCommandSpec().qualifiedName(),
                        c.getUsageMessage(CommandLine.Help.Ansi.OFF) + "\n--- version\n"
                                + String.join("\n", c.getCommandSpec().version())));
        return result;
    }

    /** Methods that return the bindings, the parse state or the model's links, not an attribute. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of(
            "getter",
            "setter",
            "scope",
            "userObject",
            "commandSpec",
            "command",
            "group",
            "messages",
            "getValue",
            "getValues",
            "stringValues",
            "originalStringValues",
            "typedValues",
            "toBuilder",
            "addMethodSubcommands",
            "hashCode",
            "getClass",
            "commandLine",
            "parent",
            "root",
            "subcommands",
            "mixins",
            "mixinAnnotatedElements",
            "specElements",
            "parentCommandElements",
            "annotatedElement",
            "argGroups",
            "args",
            "options",
            "positionalParameters",
            "optionsMap",
            "posixOptionsMap",
            "negatedOptionsMap",
            "requiredArgs",
            "unmatchedArgsBindings",
            "interpolator",
            "typeInfo",
            "wait",
            "notify",
            "notifyAll");

    /** Each key whose value differs (or is missing on one side): "annotated | programmatic". */
    static Map<String, String> differences(Map<String, String> annotated, Map<String, String> programmatic) {
        Map<String, String> result = new TreeMap<>();
        Set<String> keys = new java.util.TreeSet<>(annotated.keySet());
        keys.addAll(programmatic.keySet());
        for (String k : keys) {
            String a = annotated.get(k);
            String p = programmatic.get(k);
            if (!java.util.Objects.equals(a, p)) {
                result.put(k, a + " | " + p);
            }
        }
        return result;
    }

    /** Every public attribute of the command, its usage message and parser, and each of its args. */
    static Map<String, String> describe(CommandSpec spec) {
        Map<String, String> result = new LinkedHashMap<>();
        attributes("command.", spec, result);
        attributes("usage.", spec.usageMessage(), result);
        attributes("parser.", spec.parser(), result);
        result.put("command.versionProvider.class", className(spec.versionProvider()));
        result.put("command.version", Arrays.toString(spec.version()));
        int i = 0;
        for (OptionSpec o : spec.options()) {
            attributes("option[" + i++ + "].", o, result);
        }
        i = 0;
        for (PositionalParamSpec p : spec.positionalParameters()) {
            attributes("positional[" + i++ + "].", p, result);
        }
        result.put("args", spec.args().stream().map(ArgSpec::toString).toList().toString());
        result.put("unmatched", String.valueOf(spec.unmatchedArgsBindings().size()));
        result.put("argGroups", String.valueOf(spec.argGroups().size()));
        return result;
    }

    private static void attributes(String prefix, Object target, Map<String, String> into) {
        Method[] methods = target.getClass().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            if (m.getParameterCount() != 0
                    || m.getReturnType() == void.class
                    || Modifier.isStatic(m.getModifiers())
                    || NOT_ATTRIBUTES.contains(m.getName())) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "threw " + e.getClass().getSimpleName();
            }
            into.put(prefix + m.getName(), render(value));
        }
        if (target instanceof ArgSpec arg) {
            into.put(
                    prefix + "typeInfo",
                    arg.typeInfo().getClassName() + " " + arg.typeInfo().isMultiValue() + " "
                            + arg.typeInfo().isBoolean() + " " + arg.typeInfo().isCollection());
            into.put(prefix + "arity.detail", arityDetail(arg.arity()));
            if (arg instanceof PositionalParamSpec p) {
                into.put(prefix + "index.detail", arityDetail(p.index()));
            }
        }
    }

    private static String arityDetail(CommandLine.Range r) {
        return r.min() + ".." + r.max() + " variable=" + r.isVariable() + " unspecified=" + r.isUnspecified()
                + " original=" + r.originalValue();
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(CommandModelTest::render).toList().toString();
        }
        if (value instanceof Class<?> c) {
            return c.getName();
        }
        if (value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Enum<?>
                || value instanceof CommandLine.Range
                || value instanceof Iterable<?>
                || value instanceof Map<?, ?>) {
            return withoutIdentities(String.valueOf(value));
        }
        return className(value);
    }

    /** Object identities (Object.toString's "@1b2c3d") are not attributes. */
    static String withoutIdentities(String text) {
        return text.replaceAll("@[0-9a-f]{4,8}\\b", "@");
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
