package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import dev.uplink.core.route.Route;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the parser of FindProxyForURL results. Its contract is to never throw: bad elements are
 * dropped with a warning and nothing usable means DIRECT. Replay a failure with the seed from
 * jqwik's report: {@code @Property(seed = "...")}.
 */
class PacResultParserFuzzTest {

    private static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of(
                    ";", " ", "\t", "DIRECT", "PROXY ", "HTTPS ", "SOCKS ", "SOCKS4 ", "SOCKS5 ", "proxy ", ":", "[",
                    "]", "@", "://", "::"),
            new Mutations.Nesting("[", "]"));

    static List<String> seeds() {
        return TableRows.column(PacResultParserTest.class, "parses", 0);
    }

    @Provide
    Arbitrary<FuzzText> results() {
        return Arbitraries.oneOf(
                Mutations.text(seeds(), GRAMMAR), Mutations.randomText("DIRECTPROXYSOCKS45 ;:.[]abc019", 80));
    }

    @Provide
    Arbitrary<FuzzText> hugeResults() {
        return Mutations.hugeText(seeds(), 100_000, 2_000_000);
    }

    /** Any result gives at least one route, and the routes printed as a PAC result parse back without warnings. */
    @Property(tries = 1000)
    void resultsAlwaysGiveRoutesThatRoundTrip(@ForAll("results") FuzzText result) {
        check(result);
    }

    @Property(tries = 8)
    void hugeResultsAreParsedQuickly(@ForAll("hugeResults") FuzzText result) {
        check(result);
    }

    private static void check(FuzzText result) {
        PacResultParser.Parsed parsed = Fuzz.neverThrows(result.size(), () -> PacResultParser.parse(result.text()));
        assertFalse(parsed.routes().isEmpty());
        String printed = parsed.routes().stream().map(Route::toString).collect(Collectors.joining("; "));
        PacResultParser.Parsed again = PacResultParser.parse(printed);
        assertEquals(parsed.routes(), again.routes());
        assertTrue(again.warnings().isEmpty(), again.warnings()::toString);
    }
}
