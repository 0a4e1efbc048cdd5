package dev.uplink.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link HostPort}, the {@code host:port} parser behind proxy-server values, the machine
 * policy, PAC results and proxy environment variables. Replay a failure with the seed from
 * jqwik's report: {@code @Property(seed = "...")}.
 */
public class HostPortFuzzTest {

    /** The forms the callers' table-driven tests use, good and bad. */
    public static final List<String> SEEDS = List.of(
            "10.0.0.6:8080",
            "proxy.example.com:3128",
            "Proxy.Example:1",
            "[fd00::6]:8080",
            "[FD00::6]:65535",
            "bücher.de:80",
            "xn--bcher-kva.de:443",
            "a-b.c-d.example:1",
            "proxy:3128",
            "proxy",
            "[::1]",
            "fd00::1",
            "10.0.0.256:80",
            "proxy:99999",
            "proxy:abc",
            "proxy:",
            ":80",
            "bad_host!:3128",
            "http://10.0.0.6:8080",
            "[fe80::1%eth0]:80",
            "[::ffff:10.0.0.1]:80",
            "1.2.3.4",
            "[corp.com]:80",
            "a..b:1",
            "host.:8080",
            "-a.b:1");

    static final Mutations.Grammar GRAMMAR = Mutations.Grammar.of(
            List.of(
                    ":", "[", "]", ".", "%", "::", "::ffff:", "xn--", "-", "0", "65535", "65536", "255.", "256.",
                    "http://", "@"),
            new Mutations.Nesting("[", "]"));

    @Provide
    Arbitrary<FuzzText> hostPorts() {
        return Arbitraries.oneOf(Mutations.text(SEEDS, GRAMMAR), Mutations.randomText("abcxyzABC019.-:[]%_@/ é", 40));
    }

    @Provide
    Arbitrary<FuzzText> hugeHostPorts() {
        return Mutations.hugeText(SEEDS, 100_000, 2_000_000);
    }

    @Property(tries = 1000)
    void hostPortsParseOrAreRefusedAndRoundTrip(@ForAll("hostPorts") FuzzText text) {
        check(text);
    }

    /** A megabyte host name is refused without the cost of converting it (IDN, punycode). */
    @Property(tries = 8)
    void hugeHostPortsAreParsedOrRefusedQuickly(@ForAll("hugeHostPorts") FuzzText text) {
        check(text);
    }

    private static void check(FuzzText text) {
        Fuzz.Outcome<HostPort> strict =
                Fuzz.parse(text.size(), InvalidInputException.class, () -> HostPort.parse(text.text(), "proxy-server"));
        if (strict.parsed()) {
            assertEquals(
                    strict.value(),
                    HostPort.parse(strict.value().toString(), "proxy-server"),
                    "printed form parses back");
        }
        Fuzz.Outcome<HostPort> lenient = Fuzz.parse(
                text.size(), InvalidInputException.class, () -> HostPort.parse(text.text(), 80, "PAC proxy"));
        if (lenient.parsed()) {
            assertEquals(
                    lenient.value(),
                    HostPort.parse(lenient.value().toString(), "proxy-server"),
                    "printed form parses back");
        }
    }
}
