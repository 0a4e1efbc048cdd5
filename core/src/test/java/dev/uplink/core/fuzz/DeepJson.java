package dev.uplink.core.fuzz;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * JSON objects nested to a chosen depth (objects and arrays open at once, the root object
 * counting as 1), with a random mix of containers, keys, white space and leaf values: the inputs
 * that find where two parsers' nesting limits disagree.
 */
public final class DeepJson {
    private DeepJson() {}

    /** A generated object and its depth. */
    public record Deep(int depth, byte[] json) {
        @Override
        public String toString() {
            return "depth " + depth + ": " + new FuzzBytes(json);
        }
    }

    /** A payload object exactly {@code depth} levels deep ({@code depth >= 1}); {@code shape} picks the mix. */
    public static byte[] object(int depth, long shape) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(shape);
        String[] leaves = {"1", "-0.5e3", "\"x\"", "true", "null", "{}", "[]", "\"\\u00e9\""};
        String[] scalars = {"1", "\"deep\"", "false", "null"};
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int level = 1; level <= depth; level++) {
            // {} and [] as siblings would open one more level than asked for at the deepest level.
            String[] siblings = level < depth ? leaves : scalars;
            String ws = r.nextInt(8) == 0 ? (r.nextBoolean() ? " " : "\r\n\t") : "";
            boolean object = level == 1 || r.nextBoolean();
            if (object) {
                String sibling =
                        r.nextInt(4) == 0 ? "\"s" + level + "\":" + siblings[r.nextInt(siblings.length)] + "," : "";
                open.append('{')
                        .append(ws)
                        .append(sibling)
                        .append("\"k")
                        .append(level)
                        .append("\":");
                close.insert(0, '}');
            } else {
                String sibling = r.nextInt(4) == 0 ? siblings[r.nextInt(siblings.length)] + "," : "";
                open.append('[').append(ws).append(sibling);
                close.insert(0, ']');
            }
        }
        String json = open + scalars[r.nextInt(scalars.length)] + close;
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Objects of depth {@code limit - 3} to {@code limit + 3}, most of them at the limit or just past it. */
    public static Arbitrary<Deep> around(int limit) {
        Arbitrary<Integer> depth = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(limit)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(limit + 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(Math.max(1, limit - 3), limit + 3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 40)));
        return Combinators.combine(depth, Arbitraries.longs()).as((d, s) -> new Deep(d, object(d, s)));
    }
}
