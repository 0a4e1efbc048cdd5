package dev.uplink.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's model of a command made with its programmatic API, for the commands whose start-up
 * matters most (the collector's store commands and their ancestors). Reading a command's
 * annotations makes the JDK generate a proxy class per annotation type at every start, which the
 * JDK 17 archive cannot hold, and scans the class's fields and methods by reflection
 * (docs/scaling.md#cli-start-up). The annotated classes stay the description of the command;
 * {@code CommandModelTest} holds each programmatic model to the one picocli reads from them:
 * the same attributes, the same help text, the same parse results and errors.
 */
public final class CommandModel {

    /** The key picocli files its standard help options under ({@code CommandSpec.mixinStandardHelpOptions()}). */
    private static final String STANDARD_HELP_OPTIONS = "mixinStandardHelpOptions";

    private CommandModel() {}

    /** A command as {@code @Command(name, description, footer)} describes it (no other attribute set). */
    public static CommandSpec command(Object userObject, String name, String[] description, String... footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject);
        spec.name(name);
        spec.usageMessage().description(description);
        if (footer.length > 0) {
            spec.usageMessage().footer(footer);
        }
        return spec;
    }

    /** A mixin's model: the options of a class without {@code @Command}. */
    public static CommandSpec mixin(Object userObject) {
        return CommandSpec.wrapWithoutInspection(userObject);
    }

    /**
     * What {@code mixinStandardHelpOptions = true} adds, after every other option: picocli's own
     * {@code AutoHelpMixin} (its names, with their variables, its description keys and texts).
     */
    public static void addStandardHelpOptions(CommandSpec spec) {
        CommandSpec help = CommandSpec.wrapWithoutInspection(new StandardHelpOptions());
        help.addOption(OptionSpec.builder("${picocli.help.name.0:--h}", "${picocli.help.name.1:---help}")
                .usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.")
                .type(boolean.class)
                .initialValue(false)
                .paramLabel("<helpRequested>")
                .prompt("")
                .withToString("field boolean picocli.CommandLine$AutoHelpMixin.helpRequested")
                .build());
        help.addOption(OptionSpec.builder("${picocli.version.name.0:--V}", "${picocli.version.name.1:---version}")
                .versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.")
                .type(boolean.class)
                .initialValue(false)
                .paramLabel("<versionRequested>")
                .prompt("")
                .withToString("field boolean picocli.CommandLine$AutoHelpMixin.versionRequested")
                .build());
        spec.addMixin(STANDARD_HELP_OPTIONS, help);
    }

    /** The user object of the standard help options' mixin (picocli's own is not public). */
    private static final class StandardHelpOptions {}

    /**
     * An option bound to a field: its type, its value at this moment as the initial value (what
     * picocli resets it to before parsing), and what picocli infers from an annotated field: the
     * parameter label {@code <name>} (unless set after) and its name for the field in messages.
     */
    public static <T> OptionSpec.Builder option(Field<T> field, String... names) {
        return field.bind(OptionSpec.builder(names));
    }

    /** A positional parameter bound to a field, as {@link #option}. */
    public static <T> PositionalParamSpec.Builder positional(Field<T> field) {
        return field.bind(PositionalParamSpec.builder());
    }

    /**
     * A field of a command object, read and written through the given functions rather than by
     * reflection. {@code typeName} is the field's type as Java writes it ({@code boolean},
     * {@code String}, {@code java.util.List<String>}): picocli names an annotated field by it.
     */
    public static final class Field<T> implements ISetter, IGetter {
        private final Class<?> owner;
        private final String name;
        private final String typeName;
        private final Class<?> type;
        private final Class<?>[] auxiliaryTypes;
        private final Supplier<T> get;
        private final Consumer<T> set;

        private Field(
                Class<?> owner,
                String name,
                String typeName,
                Class<?> type,
                Class<?>[] auxiliaryTypes,
                Supplier<T> get,
                Consumer<T> set) {
            this.owner = owner;
            this.name = name;
            this.typeName = typeName;
            this.type = type;
            this.auxiliaryTypes = auxiliaryTypes;
            this.get = get;
            this.set = set;
        }

        /** A field of a single-valued type ({@code boolean}, {@code String}, {@code Path}). */
        public static <T> Field<T> of(
                Class<?> owner, String name, Class<T> type, String typeName, Supplier<T> get, Consumer<T> set) {
            return new Field<>(owner, name, typeName, type, new Class<?>[] {type}, get, set);
        }

        /** A {@code List<E>} field. */
        public static <E> Field<java.util.List<E>> list(
                Class<?> owner,
                String name,
                Class<E> element,
                String typeName,
                Supplier<java.util.List<E>> get,
                Consumer<java.util.List<E>> set) {
            return new Field<>(owner, name, typeName, java.util.List.class, new Class<?>[] {element}, get, set);
        }

        OptionSpec.Builder bind(OptionSpec.Builder builder) {
            return builder.type(type)
                    .auxiliaryTypes(auxiliaryTypes)
                    .getter(this)
                    .setter(this)
                    .initialValue(get.get())
                    .paramLabel(label())
                    .descriptionKey("")
                    .prompt("")
                    .withToString(toString());
        }

        // The same as above: picocli's common ArgSpec.Builder is not public, so the two builders cannot share it.
        PositionalParamSpec.Builder bind(PositionalParamSpec.Builder builder) {
            return builder.type(type)
                    .auxiliaryTypes(auxiliaryTypes)
                    .getter(this)
                    .setter(this)
                    .initialValue(get.get())
                    .paramLabel(label())
                    .descriptionKey("")
                    .prompt("")
                    .withToString(toString());
        }

        /*
         * Not with '+': javac's string concatenation links method handles at a shape's first use, which
         * in a cold JVM cost more than the annotations it replaces (docs/scaling.md#cli-start-up).
         */

        /** The parameter label picocli infers for an annotated field without one. */
        private String label() {
            return new StringBuilder().append('<').append(name).append('>').toString();
        }

        /** As picocli names an annotated field in its messages. */
        @Override
        public String toString() {
            return new StringBuilder("field ")
                    .append(typeName)
                    .append(' ')
                    .append(owner.getName())
                    .append('.')
                    .append(name)
                    .toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R get() {
            return (R) get.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R set(R value) {
            R old = (R) get.get();
            set.accept((T) value);
            return old;
        }
    }
}
