package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.ProxyBypassRules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the proxy environment variables: {@code http_proxy}-style URLs ({@link EnvProxyUrl}) and
 * {@code no_proxy} lists ({@link NoProxyList}). Replay a failure with the seed from jqwik's
 * report: {@code @Property(seed = "...")}.
 */
class EnvProxyFuzzTest {

    private static final Mutations.Grammar URL_GRAMMAR = Mutations.Grammar.of(
            List.of("http://", "https://", "socks5://", "://", "@", ":", "/", "[", "]", "user:pass@", "%40", "::"),
            new Mutations.Nesting("[", "]"));
    private static final Mutations.Grammar NO_PROXY_GRAMMAR = Mutations.Grammar.of(
            List.of(",", " ", "*", "*.", ".", "/", "/8", "/33", "/128", ":", "::", "[", "]", "%eth0", "localhost"),
            new Mutations.Nesting("[", "]"));

    /** The values of the table-driven import tests, split by variable: {@code no_proxy} lists and proxy URLs. */
    static List<String> values(boolean noProxy) {
        List<String> values = new ArrayList<>();
        Stream.concat(EnvProxyImportTest.imports(), EnvProxyImportTest.badEnvironments())
                .forEach(a -> {
                    for (String line : ((String) a.get()[1]).split("\n")) {
                        int eq = line.indexOf('=');
                        if (eq > 0 && line.substring(0, eq).equalsIgnoreCase("no_proxy") == noProxy) {
                            values.add(line.substring(eq + 1));
                        }
                    }
                });
        return values;
    }

    @Provide
    Arbitrary<FuzzText> proxyUrls() {
        return Arbitraries.oneOf(
                Mutations.text(values(false), URL_GRAMMAR), Mutations.randomText("htpsx:/@[].%0189abc-", 50));
    }

    @Provide
    Arbitrary<FuzzText> noProxyLists() {
        return Arbitraries.oneOf(
                Mutations.text(values(true), NO_PROXY_GRAMMAR), Mutations.randomText("abcz019.*,:/[]%_- ", 60));
    }

    @Provide
    Arbitrary<FuzzText> hugeValues() {
        List<String> all = new ArrayList<>(values(false));
        all.addAll(values(true));
        return Mutations.hugeText(all, 100_000, 2_000_000);
    }

    /** An accepted proxy URL gives a proxy that netsh's own {@code host:port} parser takes back. */
    @Property(tries = 800)
    void proxyUrlsParseOrAreRefused(@ForAll("proxyUrls") FuzzText value) {
        checkUrl(value);
    }

    /**
     * An accepted {@code no_proxy} becomes a bypass list the resolver accepts: otherwise the import
     * succeeds and the settings it produced are refused later, naming an entry the user never wrote.
     */
    @Property(tries = 800)
    void noProxyListsParseOrAreRefusedAndMakeValidBypassLists(@ForAll("noProxyLists") FuzzText value) {
        checkNoProxy(value);
    }

    @Property(tries = 8)
    void hugeValuesAreParsedOrRefusedQuickly(@ForAll("hugeValues") FuzzText value) {
        checkUrl(value);
        checkNoProxy(value);
    }

    /** Whatever else goes wrong, the password of {@code user:password@} is never repeated in a message. */
    @Property(tries = 500)
    void passwordsNeverAppearInMessages(@ForAll("urlsWithPasswords") UrlWithPassword url) {
        List<String> warnings = new ArrayList<>();
        Fuzz.Outcome<HostPort> outcome = Fuzz.parse(
                2L * url.value().length(),
                InvalidInputException.class,
                () -> EnvProxyUrl.parse(url.value(), "http_proxy", warnings));
        if (!outcome.parsed()) {
            assertFalse(
                    outcome.refusal().getMessage().contains(url.password()),
                    outcome.refusal().getMessage());
        }
        warnings.forEach(w -> assertFalse(w.contains(url.password()), w));
    }

    record UrlWithPassword(String value, String password) {
        @Override
        public String toString() {
            return new FuzzText(value).toString();
        }
    }

    @Provide
    Arbitrary<UrlWithPassword> urlsWithPasswords() {
        // A recognisable password (a marker no message text contains) with any characters around it.
        Arbitrary<String> password = Arbitraries.strings()
                .withChars("S3cr3t!$&'()*+,;=%:\u2028\u0085\r\n\t é")
                .ofMinLength(0)
                .ofMaxLength(8)
                .map(s -> "Pw9" + s + "Zq7");
        Arbitrary<String> tail = Mutations.text(values(false), URL_GRAMMAR).map(FuzzText::text);
        return Combinators.combine(Arbitraries.of("http://", "", "HTTP://", "https://"), password, tail)
                .as((scheme, pw, rest) -> new UrlWithPassword(scheme + "user:" + pw + "@" + rest, pw));
    }

    private static void checkUrl(FuzzText value) {
        Fuzz.Outcome<HostPort> outcome = Fuzz.parse(
                value.size(),
                InvalidInputException.class,
                () -> EnvProxyUrl.parse(value.text(), "http_proxy", new ArrayList<>()));
        if (outcome.parsed()) {
            assertEquals(outcome.value(), HostPort.parse(outcome.value().toString(), "proxy-server"));
        }
    }

    private static void checkNoProxy(FuzzText value) {
        Fuzz.Outcome<NoProxyList> outcome = Fuzz.parse(
                value.size(), InvalidInputException.class, () -> NoProxyList.parse(value.text(), "no_proxy"));
        if (outcome.parsed() && outcome.value().toBypassList() != null) {
            Fuzz.parse(
                    value.size(),
                    List.of(),
                    () -> ProxyBypassRules.parse(outcome.value().toBypassList()));
        }
    }
}
