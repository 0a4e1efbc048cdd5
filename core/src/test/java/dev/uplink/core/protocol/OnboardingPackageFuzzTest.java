package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the onboarding file parser ({@link OnboardingPackage#parse}): mutated and random files,
 * huge ones, and a round trip through {@link OnboardingPackage#toJson}. Kept apart from
 * OnboardingPackageTest so that it can move with the class. Replay a failure with the seed from
 * jqwik's report: {@code @Property(seed = "...")}.
 */
class OnboardingPackageFuzzTest {

    private static final Mutations.Grammar GRAMMAR;

    static {
        List<String> tokens = new ArrayList<>(Mutations.JSON.tokens());
        for (String key : List.of(
                "format", "tenantId", "collectors", "url", "geography", "caPem", "enrollmentToken", "tokenExpiresAt")) {
            tokens.add("\"" + key + "\":");
        }
        tokens.addAll(List.of(
                "\"" + OnboardingPackage.FORMAT + "\"",
                "https://",
                "-----BEGIN CERTIFICATE-----\\n",
                "-----END CERTIFICATE-----\\n",
                "-----BEGIN PRIVATE KEY-----\\n",
                "MII",
                "\"WW\"",
                "tok-",
                "9999-12-31T23:59:59Z",
                "+1000000000-01-01T00:00:00Z",
                "[::1]",
                "%25"));
        GRAMMAR = new Mutations.Grammar(tokens, Mutations.JSON.nestings());
    }

    /** The sample file of the table-driven tests, with and without its CA, and their bad documents. */
    static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        seeds.add(OnboardingPackageTest.SAMPLE.toJson());
        OnboardingPackage p = OnboardingPackageTest.SAMPLE;
        seeds.add(new OnboardingPackage(
                        p.tenantId(), p.collectors().subList(0, 1), null, p.enrollmentToken(), p.tokenExpiresAt())
                .toJson());
        seeds.addAll(TableRows.column(OnboardingPackageTest.class, "badDocuments", 0));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzText> files() {
        return Arbitraries.oneOf(
                Mutations.text(seeds(), GRAMMAR), Mutations.randomText("{}[]\":,formatenIdWU-0129 ", 120));
    }

    /** Around the 1 MiB file limit: a huge certificate, URL, token or nesting. */
    @Provide
    Arbitrary<FuzzText> hugeFiles() {
        return Mutations.hugeText(seeds(), 512 << 10, 2 << 20);
    }

    @Property(tries = 600)
    void filesParseOrAreRefused(@ForAll("files") FuzzText file) {
        parse(file);
    }

    @Property(tries = 8)
    void hugeFilesParseOrAreRefused(@ForAll("hugeFiles") FuzzText file) {
        parse(file);
    }

    /** A written package reads back equal. */
    @Property(tries = 200)
    void packagesRoundTrip(@ForAll("packages") OnboardingPackage pkg) {
        String json = pkg.toJson();
        assertEquals(pkg, parse(new FuzzText(json)).value());
    }

    private static Fuzz.Outcome<OnboardingPackage> parse(FuzzText file) {
        return Fuzz.parse(
                file.size(),
                InvalidInputException.class,
                () -> OnboardingPackage.parse(file.text(), "onboarding file f"));
    }

    @Provide
    Arbitrary<OnboardingPackage> packages() {
        Arbitrary<String> tenant = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((hi, lo) -> new UUID(hi, lo).toString());
        Arbitrary<String> label = Arbitraries.strings()
                .withChars("abcxyz019-")
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        Arbitrary<String> host = Arbitraries.oneOf(
                label.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l) + ".example"),
                Arbitraries.of("10.0.0.6", "[fd00::6]", "[::1]"));
        Arbitrary<CollectorEndpoint> collector = Combinators.combine(
                        host, Arbitraries.integers().between(0, 65535), Arbitraries.of(Geography.KNOWN))
                .as((h, port, geo) ->
                        CollectorEndpoint.parse("https://" + h + (port == 0 ? "" : ":" + port), geo, "url"));
        Arbitrary<IdAndSecret> token = Combinators.combine(
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofSize(8)
                                .map(b -> "tok-" + HexFormat.of().formatHex(b)),
                        Arbitraries.strings().withChars("ABCXYZabcxyz0189_-").ofLength(43))
                .as(IdAndSecret::new);
        Arbitrary<Instant> expires =
                Arbitraries.longs().between(0, 253_402_300_799L).map(Instant::ofEpochSecond);
        return Combinators.combine(
                        tenant,
                        collector.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(OnboardingPackageTest.CA).injectNull(0.5),
                        token,
                        expires)
                .as(OnboardingPackage::new);
    }
}
