package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.importers.RegFileParserTest.Enc;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * Fuzzes the {@code .reg} parser (RegFileText, RegValueLine, RegFileParser) in every encoding it
 * detects. Replay a failure with the seed from jqwik's report: {@code @Property(seed = "...")}.
 */
class RegFileParserFuzzTest {

    private static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of(
                    "[",
                    "]",
                    "[-",
                    "\\",
                    "\\\\",
                    "\"",
                    "\\\"",
                    "=",
                    "@",
                    "-",
                    ";",
                    ",",
                    ",\\",
                    "dword:",
                    "DWORD:",
                    "hex:",
                    "hex(2):",
                    "hex(7):",
                    "hex(b):",
                    "hex(ffffffff):",
                    "hex(100000000):",
                    "00,",
                    "ff,",
                    "HKEY_LOCAL_MACHINE\\",
                    "HKLM\\",
                    "\r\n  ",
                    RegFileText.HEADER_V5,
                    RegFileText.HEADER_V4),
            new Mutations.Nesting("[", "]"),
            new Mutations.Nesting("\"", "\""));

    /** Every file of the table-driven tests, good and bad, in every encoding. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        Stream.concat(RegFileParserTest.goodFiles(), RegFileParserTest.badFiles())
                .forEach(a -> {
                    String text = (String) a.get()[2];
                    for (Enc enc : Enc.values()) {
                        seeds.add(enc.encode(text));
                    }
                });
        return seeds;
    }

    @Provide
    Arbitrary<FuzzBytes> mutatedFiles() {
        return Mutations.bytes(seeds(), GRAMMAR);
    }

    /** A header, then random lines of the .reg alphabet, in a random encoding. */
    @Provide
    Arbitrary<FuzzBytes> randomFiles() {
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("[]\\\"=@-;:,()hexdword HKLM0123456789abcdefé\u2713\0\t\r\n")
                .ofMaxLength(300);
        Arbitrary<FuzzBytes> structured = Combinators.combine(
                        Arbitraries.of(Enc.class), Arbitraries.of(RegFileParserTest.V5, RegFileParserTest.V4), body)
                .as((enc, header, text) -> new FuzzBytes(enc.encode(header + text)));
        return Arbitraries.oneOf(structured, Mutations.randomBytes(600));
    }

    @Property(tries = 1000)
    void mutatedFilesParseOrAreRefused(@ForAll("mutatedFiles") FuzzBytes file) {
        parse(file);
    }

    @Property(tries = 400)
    void randomFilesParseOrAreRefused(@ForAll("randomFiles") FuzzBytes file) {
        parse(file);
    }

    /** Below the 16 MiB limit a huge line or value is parsed or refused in linear time and memory. */
    @Property(tries = 8)
    void hugeFilesParseOrAreRefused(@ForAll("hugeFiles") FuzzBytes file) {
        parse(file);
    }

    @Provide
    Arbitrary<FuzzBytes> hugeFiles() {
        return Mutations.hugeBytes(seeds(), 1 << 20, 4 << 20);
    }

    /**
     * Writing changes the way regedit does, in each encoding regedit (or a hand editor) uses, and
     * parsing the file gives the changes back.
     */
    @Property(tries = 300)
    void regeditFilesRoundTrip(@ForAll("exports") Export export) {
        List<RegistryChange> parsed = parse(new FuzzBytes(export.bytes())).value();
        assertEquals(export.changes(), withoutOrigin(parsed));
    }

    static List<RegistryChange> withoutOrigin(List<RegistryChange> changes) {
        return changes.stream()
                .map(c -> new RegistryChange(c.action(), c.keyPath(), c.valueName(), c.value(), ""))
                .toList();
    }

    private static Fuzz.Outcome<List<RegistryChange>> parse(FuzzBytes file) {
        return Fuzz.parse(
                file.size(), InvalidInputException.class, () -> RegFileParser.parse(file.bytes(), "policy.reg"));
    }

    // ---- a regedit writer for generated changes --------------------------------------------------

    /** A generated file: how it is written and the changes it holds. */
    record Export(Enc encoding, boolean v4, List<RegistryChange> changes, String text) {
        byte[] bytes() {
            return encoding.encode(text);
        }

        @Override
        public String toString() {
            return encoding + (v4 ? " REGEDIT4" : " 5.00") + ":\n" + text;
        }
    }

    @Provide
    Arbitrary<Export> exports() {
        return Arbitraries.oneOf(
                Arbitraries.of(Enc.UTF16_BOM, Enc.UTF16_NO_BOM, Enc.UTF8, Enc.UTF8_BOM)
                        .flatMap(enc -> export(enc, false)),
                export(Enc.ANSI, false),
                export(Enc.ANSI, true),
                export(Enc.UTF8, true));
    }

    /**
     * Text regedit writes between quotes: no line breaks (regedit switches to hex(1) for those) and no NUL.
     * Files in ANSI hold only ASCII and À-ÿ: the parser reads a file that is valid UTF-8 as UTF-8
     * (documented), and cp1252 bytes 80-BF after C0-FF could form valid UTF-8 by accident.
     */
    static Arbitrary<String> text(boolean ansi, int min, int max) {
        if (ansi) {
            return Arbitraries.strings()
                    .withCharRange(' ', '~')
                    .withCharRange('\u00C0', '\u00FF')
                    .ofMinLength(min)
                    .ofMaxLength(max);
        }
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("abcXYZ019 _.-;:,=@[]\\\"'é✓€\u3000\u2028\u0085")
                                .ofMinLength(min)
                                .ofMaxLength(max)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('\u0020', '\uD7FF')
                                .ofMinLength(min)
                                .ofMaxLength(max)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('\uE000', '\uFFFD')
                                .ofMinLength(min)
                                .ofMaxLength(max)));
    }

    private static Arbitrary<Export> export(Enc enc, boolean v4) {
        boolean ansi = enc == Enc.ANSI || v4; // REGEDIT4 hex(2)/hex(7) data is cp1252 whatever the file encoding
        Charset strings = v4 ? RegFileText.ANSI : StandardCharsets.UTF_16LE;
        Arbitrary<String> component =
                text(ansi, 1, 12).map(s -> s.replace("\\", "").strip()).map(s -> s.isEmpty() ? "K" : s);
        Arbitrary<String> key = Combinators.combine(
                        Arbitraries.of("HKEY_LOCAL_MACHINE", "HKLM", "HKCU", "HKEY_USERS"),
                        component.list().ofMinSize(1).ofMaxSize(4))
                .as((hive, parts) -> hive + "\\" + String.join("\\", parts));
        Arbitrary<String> name = text(ansi, 0, 20);
        Arbitrary<RegistryValue> value = Arbitraries.oneOf(
                text(ansi, 0, 40).map(s -> new RegistryValue.Text(RegistryValueType.REG_SZ, s)),
                Arbitraries.longs()
                        .between(0, 0xFFFFFFFFL)
                        .map(n -> new RegistryValue.Number(RegistryValueType.REG_DWORD, n)),
                Arbitraries.longs().map(n -> new RegistryValue.Number(RegistryValueType.REG_QWORD, n)),
                text(ansi, 0, 40).map(s -> new RegistryValue.Text(RegistryValueType.REG_EXPAND_SZ, s)),
                text(ansi, 1, 10).list().ofMaxSize(4).map(RegistryValue.MultiText::new),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(90)
                        .map(b -> new RegistryValue.Binary(RegistryValueType.REG_BINARY, b)),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(10)
                        .map(b -> new RegistryValue.Binary(RegistryValueType.REG_NONE, b)));
        Arbitrary<RegistryChange> change = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(key, name, value).as((k, n, v) -> RegistryChange.set(k, n, v, ""))),
                Tuple.of(1, Combinators.combine(key, name).as((k, n) -> RegistryChange.deleteValue(k, n, ""))),
                Tuple.of(1, key.map(k -> RegistryChange.keyLevel(RegistryChange.Action.DELETE_KEY, k, ""))));
        return change.list().ofMaxSize(12).map(changes -> new Export(enc, v4, changes, write(changes, v4, strings)));
    }

    /** As regedit writes it: a header, a blank line, and a {@code [key]} line whenever the key changes. */
    static String write(List<RegistryChange> changes, boolean v4, Charset strings) {
        StringBuilder sb = new StringBuilder(v4 ? RegFileText.HEADER_V4 : RegFileText.HEADER_V5).append("\n\n");
        String current = null;
        for (RegistryChange c : changes) {
            if (c.action() == RegistryChange.Action.DELETE_KEY) {
                sb.append("[-").append(c.keyPath()).append("]\n");
                current = null;
                continue;
            }
            if (!c.keyPath().equals(current)) {
                sb.append('[').append(c.keyPath()).append("]\n");
                current = c.keyPath();
            }
            sb.append(c.valueName().isEmpty() ? "@" : quote(c.valueName()))
                    .append('=')
                    .append(data(c.value(), strings))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String data(RegistryValue v, Charset strings) {
        if (v == null) {
            return "-";
        }
        if (v instanceof RegistryValue.Text t) {
            return t.type() == RegistryValueType.REG_SZ
                    ? quote(t.text())
                    : hex("hex(2):", (t.text() + "\0").getBytes(strings));
        }
        if (v instanceof RegistryValue.Number n) {
            return n.type() == RegistryValueType.REG_DWORD
                    ? String.format("dword:%08x", n.value())
                    : hex(
                            "hex(b):",
                            ByteBuffer.allocate(8)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(n.value())
                                    .array());
        }
        if (v instanceof RegistryValue.MultiText m) {
            String joined = m.texts().stream().map(s -> s + "\0").collect(Collectors.joining()) + "\0";
            return hex("hex(7):", joined.getBytes(strings));
        }
        RegistryValue.Binary b = (RegistryValue.Binary) v;
        return hex(
                b.type() == RegistryValueType.REG_BINARY
                        ? "hex:"
                        : "hex(" + Integer.toHexString(b.type().code()) + "):",
                b.bytes());
    }

    /** {@code xx,xx,...} with regedit's continuation lines ({@code ,\} then two spaces) every 20 bytes. */
    private static String hex(String prefix, byte[] bytes) {
        StringBuilder sb = new StringBuilder(prefix);
        HexFormat hf = HexFormat.of();
        for (int i = 0; i < bytes.length; i++) {
            sb.append(hf.toHexDigits(bytes[i]));
            if (i < bytes.length - 1) {
                sb.append(',');
                if ((i + 1) % 20 == 0) {
                    sb.append("\\\n  ");
                }
            }
        }
        return sb.toString();
    }
}
