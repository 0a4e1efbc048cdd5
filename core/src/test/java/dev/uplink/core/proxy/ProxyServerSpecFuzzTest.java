package dev.uplink.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.net.HostPortFuzzTest;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes netsh {@code proxy-server=} values. Replay a failure with the seed from jqwik's report:
 * {@code @Property(seed = "...")}.
 */
class ProxyServerSpecFuzzTest {

    private static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of("=", ";", "http=", "https=", "socks=", "HTTP=", "ftp=", ":", "[", "]", " ", "::"),
            new Mutations.Nesting("[", "]"));

    static List<String> seeds() {
        List<String> seeds = new ArrayList<>(HostPortFuzzTest.SEEDS);
        seeds.addAll(List.of(
                "http=a.example:1; https=b.example:2",
                "http=proxy:3128;https=[fd00::6]:8080;socks=s.example:1080",
                "socks=10.0.0.1:1080",
                "HTTPS=b:2;",
                "ftp=a:1",
                "http=a:1;http=b:2",
                "=a:1",
                ";;",
                "http=",
                "http=a:1;https"));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzText> specs() {
        return Arbitraries.oneOf(Mutations.text(seeds(), GRAMMAR), Mutations.randomText("abcpshtx019.=;:[] ", 60));
    }

    /** An accepted value prints the canonical text {@code show proxy} shows, which parses back to it. */
    @Property(tries = 800)
    void specsParseOrAreRefusedAndRoundTrip(@ForAll("specs") FuzzText text) {
        Fuzz.Outcome<ProxyServerSpec> outcome =
                Fuzz.parse(text.size(), InvalidInputException.class, () -> ProxyServerSpec.parse(text.text()));
        if (outcome.parsed()) {
            ProxyServerSpec again = ProxyServerSpec.parse(outcome.value().toString());
            assertEquals(outcome.value(), again);
            assertEquals(outcome.value().perScheme(), again.perScheme());
            assertEquals(outcome.value().allSchemes(), again.allSchemes());
        }
    }
}
