package dev.uplink.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes bypass lists ({@link ProxyBypassRules#parse}, {@link BypassRuleParser}). Replay a
 * failure with the seed from jqwik's report: {@code @Property(seed = "...")}.
 */
class ProxyBypassRulesFuzzTest {

    private static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of(
                    ";",
                    ",",
                    " ",
                    "*",
                    "*.",
                    ".",
                    ":",
                    "/",
                    "[",
                    "]",
                    "<local>",
                    "<-loopback>",
                    "<",
                    ">",
                    "://",
                    "https://",
                    "%",
                    "::",
                    "/0",
                    "/32",
                    "/128",
                    ":65535",
                    "xn--",
                    "ü"),
            new Mutations.Nesting("[", "]"));
    private static final List<URI> TARGETS = List.of(
            URI.create("http://a.corp.com:8080/"),
            URI.create("https://10.1.2.3/"),
            URI.create("http://[fd00::1]/"),
            URI.create("http://intranet/"),
            URI.create("ws://localhost:1/"));

    static List<String> seeds() {
        List<String> seeds = new ArrayList<>(TableRows.column(ProxyBypassRulesTest.class, "matches", 0));
        seeds.addAll(TableRows.column(ProxyBypassRulesTest.class, "refusesBadEntries", 0));
        seeds.addAll(TableRows.column(ProxyBypassRulesTest.class, "canonicalForm", 0));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzText> lists() {
        return Arbitraries.oneOf(Mutations.text(seeds(), GRAMMAR), Mutations.randomText("abcz019.*;, :/[]<>-_%éü", 60));
    }

    @Provide
    Arbitrary<FuzzText> hugeLists() {
        return Mutations.hugeText(seeds(), 100_000, 2_000_000);
    }

    /** An accepted list prints a canonical form that parses back to it, and matching with it works. */
    @Property(tries = 1000)
    void listsParseOrAreRefusedAndRoundTrip(@ForAll("lists") FuzzText list) {
        check(list);
    }

    @Property(tries = 8)
    void hugeListsAreParsedOrRefusedQuickly(@ForAll("hugeLists") FuzzText list) {
        check(list);
    }

    private static void check(FuzzText list) {
        Fuzz.Outcome<ProxyBypassRules> outcome =
                Fuzz.parse(list.size(), InvalidInputException.class, () -> ProxyBypassRules.parse(list.text()));
        if (outcome.parsed()) {
            ProxyBypassRules rules = outcome.value();
            String canonical = rules.toString();
            ProxyBypassRules again = ProxyBypassRules.parse(canonical);
            assertEquals(rules, again);
            assertEquals(canonical, again.toString());
            Fuzz.neverThrows(
                    list.size(), () -> TARGETS.stream().map(rules::matches).toList());
        }
    }
}
