package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.Seeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyChallengeTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                // one header per scheme, as Squid sends them
                Arguments.of(
                        List.of("Negotiate", "NTLM", "Basic realm=\"CORP\""), "Negotiate, NTLM, Basic realm=\"CORP\""),
                // several challenges in one header value
                Arguments.of(List.of("Negotiate, NTLM, Basic realm=\"CORP\""), "Negotiate, NTLM, Basic realm=\"CORP\""),
                Arguments.of(List.of("basic REALM=corp"), "Basic realm=\"corp\""),
                Arguments.of(List.of("Basic charset=\"UTF-8\", realm=\"a, b\""), "Basic realm=\"a, b\""),
                Arguments.of(
                        List.of("Digest realm=\"x\", nonce=\"n,1\", qop=\"auth\", Basic realm=\"y\""),
                        "Digest realm=\"x\", Basic realm=\"y\""),
                // a token68 (Negotiate's reply token) with padding, then another scheme
                Arguments.of(
                        List.of("Negotiate YIIBzQYJKoZIhvcSAQICAQBu==, Basic realm=\"r\""),
                        "Negotiate, Basic realm=\"r\""),
                Arguments.of(List.of("NTLM TlRMTVNTUAACAAAA"), "NTLM"),
                // escapes inside the realm; quotes and control characters are not printed as such
                Arguments.of(List.of("Basic realm=\"a\\\"b\""), "Basic realm=\"a?b\""),
                Arguments.of(List.of("Basic realm=\"line\u0001break\""), "Basic realm=\"line?break\""),
                // unterminated quote: the realm runs to the end
                Arguments.of(List.of("Basic realm=\"open"), "Basic realm=\"open\""),
                // duplicates dropped, first realm wins
                Arguments.of(List.of("Basic realm=\"a\"", "Basic realm=\"b\"", "basic"), "Basic realm=\"a\""),
                // not a challenge at all
                Arguments.of(
                        List.of("", " , ,", "\"quoted\"", "=x"),
                        "no authentication scheme (no valid Proxy-Authenticate header)"),
                Arguments.of(List.of(), "no authentication scheme (no valid Proxy-Authenticate header)"),
                // junk after a parameter ends that challenge only
                Arguments.of(List.of("Basic realm=\"a\" junk junk, Negotiate"), "Basic realm=\"a\", Negotiate"),
                // unknown schemes are kept as sent
                Arguments.of(List.of("X-Custom-Scheme a=b"), "X-Custom-Scheme"));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void parsesWhatTheProxyOffered(List<String> values, String expected) {
        assertEquals(expected, ProxyChallenge.describe(ProxyChallenge.parse(values)));
    }

    @Test
    void longRealmIsCut() {
        String realm = "r".repeat(10_000);
        ProxyChallenge c =
                ProxyChallenge.parse(List.of("Basic realm=\"" + realm + "\"")).get(0);
        assertEquals("r".repeat(ProxyChallenge.MAX_REALM) + "...", c.realm());
    }

    @Test
    void longSchemeIsCut() {
        ProxyChallenge c = ProxyChallenge.parse(List.of("S".repeat(1000))).get(0);
        assertEquals(ProxyChallenge.MAX_SCHEME, c.scheme().length());
    }

    @Test
    void manyChallengesAreBounded() {
        List<String> many = new ArrayList<>();
        for (int k = 0; k < 100_000; k++) {
            many.add("Scheme" + k);
        }
        assertEquals(ProxyChallenge.MAX_HEADERS, ProxyChallenge.parse(many).size());
        String oneValue = String.join(", ", many);
        assertEquals(
                ProxyChallenge.MAX_CHALLENGES,
                ProxyChallenge.parse(List.of(oneValue)).size());
    }

    @Test
    void hugeValuesAreParsedInBoundedTime() {
        List<String> hostile = List.of(
                "Basic realm=\"" + "\\".repeat(5_000_000),
                ",".repeat(5_000_000),
                "a=".repeat(2_000_000),
                "Negotiate " + "A".repeat(5_000_000));
        List<String> headers = new ArrayList<>(Collections.nCopies(ProxyChallenge.MAX_HEADERS, hostile.get(0)));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            ProxyChallenge.parse(headers);
            for (String h : hostile) {
                ProxyChallenge.parse(List.of(h));
            }
        });
    }

    @Test
    @ExtendWith(Seeded.class)
    void randomBytesNeverThrowAndStayPrintable(Random rnd) {
        String alphabet = "Basic NTLM Negotiate realm=\",\\ \t\r\n=abc\u0000\u00ff";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(200);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            for (ProxyChallenge c : ProxyChallenge.parse(List.of(sb.toString()))) {
                String text = c.toString();
                assertTrue(text.chars().allMatch(ch -> ch >= 32 && ch < 127), text);
                assertTrue(!c.scheme().isEmpty(), sb::toString);
            }
        }
    }
}
