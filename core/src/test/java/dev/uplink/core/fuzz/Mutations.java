package dev.uplink.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Fuzz inputs for a parser: valid examples (taken from its table-driven tests) changed by a few
 * random edits — flipped bits, replaced, inserted and deleted units, spliced pieces of other
 * examples, repeated runs, deep nesting, NULs, invalid UTF-8 / UTF-16 — and purely random inputs.
 *
 * <p>Edits are generated values, so jqwik shrinks a failing input by dropping and simplifying
 * edits; the report shows the input itself ({@link FuzzBytes}, {@link FuzzText}).
 *
 * <p>Byte inputs are edited as ISO-8859-1 text (one char per byte), so one engine serves both.
 */
public final class Mutations {

    /** An open/close pair to nest deeply, e.g. {@code [} and {@code ]} for JSON. */
    public record Nesting(String open, String close) {}

    /**
     * What a parser's input is made of, to reach past its first check: its delimiters and keywords
     * (inserted as whole tokens) and its nesting pairs.
     */
    public record Grammar(List<String> tokens, List<Nesting> nestings) {
        public static Grammar of(List<String> tokens, Nesting... nestings) {
            return new Grammar(tokens, List.of(nestings));
        }
    }

    public static final Nesting JSON_ARRAY = new Nesting("[", "]");
    public static final Nesting JSON_OBJECT = new Nesting("{\"a\":", "}");
    public static final Grammar JSON = Grammar.of(
            List.of(
                    "{",
                    "}",
                    "[",
                    "]",
                    ":",
                    ",",
                    "\"",
                    "\\",
                    "\\u",
                    "\\ud800",
                    "null",
                    "true",
                    "false",
                    "-",
                    "1e999999999",
                    "0.0000000001",
                    "12345678901234567890123456789",
                    "NaN",
                    "//",
                    "/*",
                    "\"\":",
                    "\"id\":",
                    "\"payload\":"),
            JSON_ARRAY,
            JSON_OBJECT);

    /** Larger inputs are only made by {@link #hugeBytes} / {@link #hugeText}, so ordinary tries stay fast. */
    static final int MAX_EDITED_UNITS = 1 << 18;

    /** Byte sequences every byte parser should meet: NULs, BOMs, broken UTF-8 and UTF-16LE, line ends. */
    private static final List<String> BYTE_TOKENS = List.of(
            "\0",
            "\0\0\0\0",
            "\r",
            "\n",
            "\r\n",
            "\t",
            " ",
            "\u0080",
            "\u00C0\u0080",
            "\u00C3",
            "\u00E2\u0082",
            "\u00ED\u00A0\u0080",
            "\u00F4\u0090\u0080\u0080",
            "\u00F8\u0088\u0080\u0080\u0080",
            "\u00FE",
            "\u00FF",
            "\u00C3\u00A9",
            "\u00E2\u0082\u00AC",
            "\u00F0\u009F\u0098\u0080",
            "\u00FF\u00FE",
            "\u00FE\u00FF",
            "\u00EF\u00BB\u00BF",
            "\0\u00D8",
            "\0\u00DC",
            "\u003D\u00D8\u0000\u00DE",
            "\u00FF\u00FF\u00FF\u00FF",
            "\u007F\u00FF\u00FF\u00FF");

    /**
     * Characters that trip text code: NUL, lone surrogates, BOM, Unicode spaces and line separators,
     * case mappings that change length (İ, ß), compatibility forms (ﬀ, full-width and Arabic digits),
     * combining marks, astral characters, numbers at and past the int range.
     */
    private static final List<String> TEXT_TOKENS = List.of(
            "\0",
            "\uD800",
            "\uDC00",
            "\uDBFF\uDFFF",
            "\uFFFD",
            "\uFEFF",
            "\uFFFF",
            "\u00A0",
            "\u2028",
            "\u0085",
            "\u3000",
            "\r",
            "\n",
            "\r\n",
            "\t",
            " ",
            "\u000B",
            "\u001B",
            "\u0130",
            "\u00DF",
            "\uFB00",
            "\u0661",
            "\uFF11",
            "\u0301",
            "\uD83D\uDE00",
            "\u202E",
            "%",
            "\\",
            "\"",
            "'",
            "-",
            "+",
            ".",
            "*",
            "0",
            "00000000000",
            "2147483648",
            "-2147483649",
            "99999999999999999999",
            "4294967296",
            "1e9");

    private Mutations() {}

    /** Seeds changed by 0-8 edits. */
    public static Arbitrary<FuzzBytes> bytes(List<byte[]> seeds, Grammar grammar) {
        List<String> units = shortestFirst(seeds.stream()
                .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                .toList());
        List<String> tokens = new ArrayList<>(BYTE_TOKENS);
        grammar.tokens()
                .forEach(t -> tokens.add(new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        List<Nesting> nestings = grammar.nestings().stream()
                .map(n -> new Nesting(latin1(n.open()), latin1(n.close())))
                .toList();
        return edited(new Engine(units, tokens, nestings, true))
                .map(s -> new FuzzBytes(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Seeds changed by 0-8 edits. */
    public static Arbitrary<FuzzText> text(List<String> seeds, Grammar grammar) {
        List<String> tokens = new ArrayList<>(TEXT_TOKENS);
        tokens.addAll(grammar.tokens());
        return edited(new Engine(shortestFirst(seeds), tokens, grammar.nestings(), false))
                .map(FuzzText::new);
    }

    /** Random bytes, any value. */
    public static Arbitrary<FuzzBytes> randomBytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(FuzzBytes::new);
    }

    /** Random text: mostly from the parser's {@code alphabet}, sometimes any UTF-16 unit (lone surrogates included). */
    public static Arbitrary<FuzzText> randomText(String alphabet, int maxLength) {
        return Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.strings().withChars(alphabet).ofMaxLength(maxLength)),
                        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(maxLength)))
                .map(FuzzText::new);
    }

    /**
     * A seed with one of its runs repeated until the input is {@code minBytes}-{@code maxBytes}
     * long: a huge line, string, field or record in an otherwise well-formed input.
     */
    public static Arbitrary<FuzzBytes> hugeBytes(List<byte[]> seeds, int minBytes, int maxBytes) {
        List<String> units = seeds.stream()
                .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                .toList();
        return huge(units, minBytes, maxBytes).map(s -> new FuzzBytes(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    public static Arbitrary<FuzzText> hugeText(List<String> seeds, int minChars, int maxChars) {
        return huge(seeds, minChars, maxChars).map(FuzzText::new);
    }

    /** jqwik shrinks the seed index towards 0: make that the shortest seed. */
    private static List<String> shortestFirst(List<String> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds to mutate");
        }
        return seeds.stream()
                .sorted(java.util.Comparator.comparingInt(String::length))
                .toList();
    }

    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static Arbitrary<String> huge(List<String> seeds, int min, int max) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, seeds.size() - 1),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(1, 256),
                        Arbitraries.integers().between(min, max))
                .as((seedIndex, start, runLength, target) -> {
                    String seed = seeds.get(seedIndex);
                    int from = seed.isEmpty() ? 0 : start % seed.length();
                    String run = seed.isEmpty() ? "A" : seed.substring(from, Math.min(seed.length(), from + runLength));
                    StringBuilder sb = new StringBuilder(target + seed.length());
                    sb.append(seed, 0, from);
                    while (sb.length() + run.length() + seed.length() - from < target) {
                        sb.append(run);
                    }
                    sb.append(seed, from, seed.length());
                    return sb.toString();
                });
    }

    private static Arbitrary<String> edited(Engine engine) {
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.frequency(
                                Tuple.of(10, Kind.REPLACE),
                                Tuple.of(8, Kind.FLIP_BIT),
                                Tuple.of(12, Kind.INSERT_TOKEN),
                                Tuple.of(6, Kind.INSERT_RANDOM),
                                Tuple.of(8, Kind.DELETE),
                                Tuple.of(5, Kind.REPEAT),
                                Tuple.of(5, Kind.SPLICE),
                                Tuple.of(3, Kind.TRUNCATE),
                                Tuple.of(2, Kind.NEST)),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(1, 64),
                        Arbitraries.integers().between(1, 1000).withDistribution(RandomDistribution.biased()),
                        Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as(Edit::new);
        return Combinators.combine(
                        Arbitraries.integers().between(0, engine.seeds.size() - 1),
                        edit.list().ofMaxSize(8))
                .as(engine::apply);
    }

    enum Kind {
        REPLACE,
        FLIP_BIT,
        INSERT_TOKEN,
        INSERT_RANDOM,
        DELETE,
        REPEAT,
        SPLICE,
        TRUNCATE,
        NEST
    }

    /**
     * One edit. {@code position} is taken modulo the current length; {@code count} is a repeat
     * count (times 20 for nesting depth); {@code unit} a code unit; {@code pick} chooses a token,
     * a nesting pair or another seed.
     */
    record Edit(Kind kind, int position, int length, int count, int unit, int pick) {}

    private record Engine(List<String> seeds, List<String> tokens, List<Nesting> nestings, boolean bytes) {

        String apply(int seedIndex, List<Edit> edits) {
            StringBuilder s = new StringBuilder(seeds.get(seedIndex));
            for (Edit e : edits) {
                apply(s, e);
            }
            return s.toString();
        }

        private void apply(StringBuilder s, Edit e) {
            int n = s.length();
            int at = e.position() % (n + 1);
            switch (e.kind()) {
                case REPLACE -> {
                    if (n == 0) {
                        s.append(unit(e.unit(), e.pick()));
                    } else {
                        s.setCharAt(at % n, unit(e.unit(), e.pick()));
                    }
                }
                case FLIP_BIT -> {
                    if (n > 0) {
                        int i = at % n;
                        s.setCharAt(i, (char) (s.charAt(i) ^ (1 << (e.unit() % (bytes ? 8 : 16)))));
                    }
                }
                case INSERT_TOKEN -> insert(s, at, tokens.get(e.pick() % tokens.size()));
                case INSERT_RANDOM -> {
                    StringBuilder r = new StringBuilder();
                    int k = 1 + e.length() % 16;
                    for (int i = 0; i < k; i++) {
                        r.append(unit(e.unit() * 31 + i * 7919, e.pick() + i));
                    }
                    insert(s, at, r);
                }
                case DELETE -> s.delete(at, Math.min(n, at + e.length()));
                case REPEAT -> {
                    String run = s.substring(at, Math.min(n, at + e.length()));
                    insert(s, at, run.repeat(Math.min(e.count(), MAX_EDITED_UNITS / Math.max(1, run.length()))));
                }
                case SPLICE -> {
                    String other = seeds.get(e.pick() % seeds.size());
                    int from = e.unit() % (other.length() + 1);
                    if (e.count() % 2 == 0) {
                        insert(s, at, other.substring(from, Math.min(other.length(), from + 4 * e.length())));
                    } else {
                        s.setLength(at);
                        insert(s, at, other.substring(from));
                    }
                }
                case TRUNCATE -> s.setLength(at);
                case NEST -> {
                    if (!nestings.isEmpty()) {
                        Nesting nest = nestings.get(e.pick() % nestings.size());
                        int depth = e.count() * 20;
                        // Balanced nesting reaches the depth check; an unclosed one the end-of-input path.
                        String closes = e.unit() % 2 == 0 ? nest.close().repeat(depth) : "";
                        insert(s, at, nest.open().repeat(depth) + closes);
                    }
                }
            }
        }

        private static void insert(StringBuilder s, int at, CharSequence what) {
            if (s.length() + what.length() <= MAX_EDITED_UNITS) {
                s.insert(at, what);
            }
        }

        /** A byte, or mostly ASCII text with the occasional arbitrary UTF-16 unit (surrogates included). */
        private char unit(int value, int pick) {
            if (bytes) {
                return (char) (value & 0xFF);
            }
            return (char) (Math.floorMod(pick, 4) == 0 ? value & 0xFFFF : Math.floorMod(value, 128));
        }
    }
}
