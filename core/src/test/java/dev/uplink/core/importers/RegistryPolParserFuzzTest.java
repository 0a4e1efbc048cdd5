package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the Registry.pol (PReg) parser. Replay a failure with the seed from jqwik's report:
 * {@code @Property(seed = "...")}.
 */
class RegistryPolParserFuzzTest {

    /** PReg delimiters are UTF-16LE; ASCII plus NUL is the same in UTF-8, which the mutator encodes tokens in. */
    private static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of(
                    "[\0",
                    "]\0",
                    ";\0",
                    "\0\0",
                    "*\0*\0d\0e\0l\0.\0",
                    "*\0*\0D\0e\0l\0e\0t\0e\0K\0e\0y\0s\0\0\0",
                    "*\0*\0D\0e\0l\0e\0t\0e\0V\0a\0l\0u\0e\0s\0\0\0",
                    "*\0*\0s\0o\0f\0t\0.\0",
                    "\u0001\0\0\0",
                    "\u0004\0\0\0",
                    "\u000B\0\0\0",
                    "\u0007\0\0\0",
                    "\u0008\0\0\0",
                    "PReg\u0001\0\0\0"),
            new Mutations.Nesting("[\0", "]\0"));

    static List<byte[]> seeds() {
        return Stream.concat(RegistryPolParserTest.goodFiles(), RegistryPolParserTest.badFiles())
                .map(a -> (byte[]) a.get()[1])
                .toList();
    }

    @Provide
    Arbitrary<FuzzBytes> mutatedFiles() {
        return Mutations.bytes(seeds(), GRAMMAR);
    }

    /** A valid signature and version, then random bytes: the record reader gets everything. */
    @Provide
    Arbitrary<FuzzBytes> randomFiles() {
        return Arbitraries.oneOf(
                Mutations.randomBytes(600)
                        .map(b -> new FuzzBytes(concat(PolBuilder.preg().bytes(), b.bytes()))),
                Mutations.randomBytes(100));
    }

    @Property(tries = 1000)
    void mutatedFilesParseOrAreRefused(@ForAll("mutatedFiles") FuzzBytes file) {
        parse(file);
    }

    @Property(tries = 400)
    void randomFilesParseOrAreRefused(@ForAll("randomFiles") FuzzBytes file) {
        parse(file);
    }

    @Property(tries = 8)
    void hugeFilesParseOrAreRefused(@ForAll("hugeFiles") FuzzBytes file) {
        parse(file);
    }

    @Provide
    Arbitrary<FuzzBytes> hugeFiles() {
        return Mutations.hugeBytes(seeds(), 1 << 20, 4 << 20);
    }

    /**
     * Well-formed records with long keys and long {@code **DeleteKeys} / {@code **DeleteValues}
     * lists, a few MB in all: what the parser makes of them must stay proportional to the file.
     */
    @Property(tries = 6)
    void longKeysAndListsStayWithinTheMemoryBudget(@ForAll("longLists") FuzzBytes file) {
        parse(file);
    }

    @Provide
    Arbitrary<FuzzBytes> longLists() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 1 << 20),
                        Arbitraries.integers().between(1, 1 << 19),
                        Arbitraries.of("**DeleteKeys", "**DeleteValues"))
                .as((keyChars, names, special) -> {
                    String key = "K".repeat(keyChars);
                    String list = "a;".repeat(names);
                    return new FuzzBytes(PolBuilder.preg()
                            .record(key, special, 1, PolBuilder.sz(list))
                            .bytes());
                });
    }

    /** Records written field by field parse back to the values they hold. */
    @Property(tries = 300)
    void writtenRecordsRoundTrip(@ForAll("policies") Policy policy) {
        List<RegistryChange> parsed = parse(new FuzzBytes(policy.bytes())).value();
        assertEquals(policy.changes(), RegFileParserFuzzTest.withoutOrigin(parsed));
    }

    private static Fuzz.Outcome<List<RegistryChange>> parse(FuzzBytes file) {
        return Fuzz.parse(
                file.size(), InvalidInputException.class, () -> RegistryPolParser.parse(file.bytes(), "Registry.pol"));
    }

    // ---- generated policies -----------------------------------------------------------------

    /** One record: its fields and the change it stands for. */
    record Record(String key, String name, RegistryValueType type, byte[] data, RegistryChange change) {}

    record Policy(List<Record> records) {
        byte[] bytes() {
            PolBuilder b = PolBuilder.preg();
            records.forEach(r -> b.record(r.key(), r.name(), r.type().code(), r.data()));
            return b.bytes();
        }

        List<RegistryChange> changes() {
            return records.stream().map(Record::change).toList();
        }

        @Override
        public String toString() {
            return records.stream()
                    .map(r -> "[" + r.key() + ";" + r.name() + ";" + r.type() + ";" + r.data().length + "] -> "
                            + r.change())
                    .collect(Collectors.joining("\n"));
        }
    }

    /** Any UTF-16 text but NUL (the terminator) and lone surrogates (not encodable). */
    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("abcXYZ019 _.-;[]\\*é✓")
                                .ofMinLength(min)
                                .ofMaxLength(max)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('\u0001', '\uD7FF')
                                .withCharRange('\uE000', '\uFFFF')
                                .ofMinLength(min)
                                .ofMaxLength(max)));
    }

    @Provide
    Arbitrary<Policy> policies() {
        Arbitrary<String> key = text(1, 40);
        Arbitrary<String> name = text(1, 20).filter(n -> !n.startsWith("**"));
        Arbitrary<RegistryValue> value = Arbitraries.oneOf(
                text(0, 40).map(s -> new RegistryValue.Text(RegistryValueType.REG_SZ, s)),
                text(0, 40).map(s -> new RegistryValue.Text(RegistryValueType.REG_EXPAND_SZ, s)),
                Arbitraries.longs()
                        .between(0, 0xFFFFFFFFL)
                        .map(n -> new RegistryValue.Number(RegistryValueType.REG_DWORD, n)),
                Arbitraries.longs()
                        .between(0, 0xFFFFFFFFL)
                        .map(n -> new RegistryValue.Number(RegistryValueType.REG_DWORD_BIG_ENDIAN, n)),
                Arbitraries.longs().map(n -> new RegistryValue.Number(RegistryValueType.REG_QWORD, n)),
                text(1, 10).list().ofMaxSize(4).map(RegistryValue.MultiText::new),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(64)
                        .map(b -> new RegistryValue.Binary(RegistryValueType.REG_BINARY, b)));
        Arbitrary<Record> record = Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Combinators.combine(key, name, value)
                                .as((k, n, v) -> new Record(k, n, v.type(), data(v), RegistryChange.set(k, n, v, "")))),
                Tuple.of(
                        1,
                        Combinators.combine(key, name, value)
                                .as((k, n, v) -> new Record(
                                        k,
                                        "**soft." + n,
                                        v.type(),
                                        data(v),
                                        new RegistryChange(RegistryChange.Action.SET_VALUE_IF_ABSENT, k, n, v, "")))),
                Tuple.of(
                        1,
                        Combinators.combine(key, name)
                                .as((k, n) -> new Record(
                                        k,
                                        "**del." + n,
                                        RegistryValueType.REG_SZ,
                                        PolBuilder.sz(" "),
                                        RegistryChange.deleteValue(k, n, "")))),
                Tuple.of(
                        1,
                        key.map(k -> new Record(
                                k,
                                "**delvals.",
                                RegistryValueType.REG_SZ,
                                PolBuilder.sz(" "),
                                RegistryChange.keyLevel(RegistryChange.Action.DELETE_ALL_VALUES, k, "")))),
                Tuple.of(
                        1,
                        key.map(k -> new Record(
                                k,
                                "",
                                RegistryValueType.REG_NONE,
                                new byte[0],
                                RegistryChange.keyLevel(RegistryChange.Action.CREATE_KEY, k, "")))));
        return record.list().ofMaxSize(10).map(Policy::new);
    }

    private static byte[] data(RegistryValue v) {
        if (v instanceof RegistryValue.Text t) {
            return PolBuilder.sz(t.text());
        }
        if (v instanceof RegistryValue.Number n) {
            return switch (n.type()) {
                case REG_DWORD -> PolBuilder.dword((int) n.value());
                case REG_DWORD_BIG_ENDIAN ->
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.BIG_ENDIAN)
                            .putInt((int) n.value())
                            .array();
                default -> PolBuilder.qword(n.value());
            };
        }
        if (v instanceof RegistryValue.MultiText m) {
            String joined = m.texts().stream().map(s -> s + "\0").collect(Collectors.joining()) + "\0";
            return joined.getBytes(StandardCharsets.UTF_16LE);
        }
        return ((RegistryValue.Binary) v).bytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
