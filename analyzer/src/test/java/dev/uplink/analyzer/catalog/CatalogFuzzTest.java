package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the catalog readers: RFC 4180 CSV ({@link CsvReader}), the CSV catalog
 * ({@link CatalogCsv}) and the JSON catalog ({@link CatalogJson}). Replay a failure with the seed
 * from jqwik's report: {@code @Property(seed = "...")}.
 */
class CatalogFuzzTest {

    private static final Mutations.Grammar CSV_GRAMMAR = Mutations.Grammar.of(
            List.of(
                    ",",
                    "\"",
                    "\"\"",
                    "\n",
                    "\r\n",
                    "\r",
                    "\uFEFF",
                    CatalogColumn.headerLine() + "\n",
                    "Y",
                    "N",
                    "Required",
                    "443",
                    "*.",
                    "/",
                    "{workspace}.",
                    "http://",
                    "any",
                    "200"),
            new Mutations.Nesting("\"", "\""));
    private static final Mutations.Grammar JSON_GRAMMAR;

    static {
        List<String> tokens = new ArrayList<>(Mutations.JSON.tokens());
        for (String key : List.of(
                "service",
                "geography",
                "port",
                "endpoint",
                "required",
                "os",
                "probe",
                "probeExpect",
                "workspaceEndpoint",
                "notes")) {
            tokens.add("\"" + key + "\":");
        }
        tokens.addAll(List.of("4294967739", "-1", "443.0", "[\"linux\"]", "\"{workspace}.x.com\""));
        JSON_GRAMMAR = new Mutations.Grammar(tokens, Mutations.JSON.nestings());
    }

    /** The first rows of the built-in catalog, the table-driven tests' rows and CSV snippets. */
    static List<String> csvSeeds() {
        List<String> seeds = new ArrayList<>();
        String builtIn = CatalogCsv.write(ServiceCatalog.builtIn().endpoints().subList(0, 6));
        seeds.add(builtIn);
        for (String row : TableRows.column(CatalogCsvTest.class, "badRowsBecomeProblemsWithRowNumbers", 1)) {
            seeds.add(CatalogCsvTest.HEADER + "\n" + CatalogCsvTest.GOOD_ROW + "\n" + row + "\n");
        }
        CsvReaderTest.good().forEach(a -> seeds.add((String) a.get()[0]));
        CsvReaderTest.bad().forEach(a -> seeds.add((String) a.get()[0]));
        return seeds;
    }

    static List<String> jsonSeeds() {
        List<String> seeds = new ArrayList<>();
        seeds.add(CatalogJson.write(ServiceCatalog.builtIn().endpoints().subList(0, 4)));
        for (String element : TableRows.column(CatalogJsonTest.class, "badElementsBecomeProblems", 1)) {
            seeds.add("[" + CatalogJsonTest.GOOD + "," + element + "]");
        }
        seeds.addAll(TableRows.column(CatalogJsonTest.class, "wholeFileErrorsNameTheFile", 0));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzText> csvTexts() {
        return Arbitraries.oneOf(
                Mutations.text(csvSeeds(), CSV_GRAMMAR), Mutations.randomText("ab,\"\n\r YN*.-/0149", 200));
    }

    @Provide
    Arbitrary<FuzzText> jsonTexts() {
        return Arbitraries.oneOf(
                Mutations.text(jsonSeeds(), JSON_GRAMMAR), Mutations.randomText("[]{}\":,0149.-eportsY", 200));
    }

    @Provide
    Arbitrary<FuzzText> hugeTexts() {
        List<String> all = new ArrayList<>(csvSeeds());
        all.addAll(jsonSeeds());
        return Mutations.hugeText(all, 1 << 20, 4 << 20);
    }

    @Property(tries = 800)
    void csvCatalogsParseOrAreRefused(@ForAll("csvTexts") FuzzText text) {
        parseCsv(text);
    }

    @Property(tries = 800)
    void jsonCatalogsParseOrAreRefused(@ForAll("jsonTexts") FuzzText text) {
        parseJson(text);
    }

    /** Catalog files may have 8 MiB; a few MB of anything is read or refused in linear time and memory. */
    @Property(tries = 8)
    void hugeCatalogsParseOrAreRefused(@ForAll("hugeTexts") FuzzText text) {
        parseCsv(text);
        parseJson(text);
    }

    private static void parseCsv(FuzzText text) {
        Fuzz.parse(text.size(), InvalidInputException.class, () -> CsvReader.parse(text.text(), "t.csv"));
        Fuzz.parse(text.size(), InvalidInputException.class, () -> CatalogCsv.parse(text.text(), "t.csv"));
    }

    private static Fuzz.Outcome<ServiceCatalog> parseJson(FuzzText text) {
        return Fuzz.parse(text.size(), InvalidInputException.class, () -> CatalogJson.parse(text.text(), "t.json"));
    }

    // ---- round trips ----------------------------------------------------------------------------

    /** Written as CSV or JSON, a catalog reads back the same, without problems. */
    @Property(tries = 300)
    void catalogsRoundTrip(@ForAll("catalogs") List<ServiceEndpoint> endpoints) {
        for (CatalogFormat format : CatalogFormat.values()) {
            String text = format.write(endpoints);
            ServiceCatalog back = Fuzz.parse(
                            2L * text.length(),
                            InvalidInputException.class,
                            () -> format == CatalogFormat.CSV
                                    ? CatalogCsv.parse(text, "t")
                                    : CatalogJson.parse(text, "t"))
                    .value();
            assertEquals(List.of(), back.problems(), format.name());
            assertEquals(endpoints, back.endpoints(), format.name());
        }
    }

    /** Fields quoted as RFC 4180 requires, below a header row as a catalog has, read back as written. */
    @Property(tries = 300)
    void csvRecordsRoundTrip(@ForAll("records") List<List<String>> records) {
        StringBuilder sb = new StringBuilder("h\n");
        records.forEach(r -> sb.append(r.stream().map(CsvReader::quote).collect(Collectors.joining(",")))
                .append("\r\n"));
        List<List<String>> back = CsvReader.parse(sb.toString(), "t.csv");
        assertEquals(records, back.subList(1, back.size()));
    }

    /** A JSON port is read exactly or refused: never narrowed to another port (2^32 + 443 is not 443). */
    @Property(tries = 300)
    void jsonPortsAreReadExactlyOrRefused(@ForAll("ports") BigDecimal port) {
        String json = "[{\"geography\":\"WW\",\"port\":" + port
                + ",\"endpoint\":\"a.example.com\",\"required\":true,\"os\":[]}]";
        ServiceCatalog c = parseJson(new FuzzText(json)).value();
        if (!c.endpoints().isEmpty()) {
            assertEquals(
                    0, port.compareTo(BigDecimal.valueOf(c.endpoints().get(0).port())), "read port of " + port);
        }
    }

    @Provide
    Arbitrary<BigDecimal> ports() {
        // Ports near the valid range, moved by multiples of 2^32 and 2^64 (what int and long narrowing drop), and some
        // fractions.
        Arbitrary<BigDecimal> shifted = Combinators.combine(
                        Arbitraries.integers().between(-70_000, 70_000),
                        Arbitraries.integers().between(-3, 3),
                        Arbitraries.of(32, 64))
                .as((p, k, bits) -> new BigDecimal(java.math.BigInteger.ONE
                        .shiftLeft(bits)
                        .multiply(java.math.BigInteger.valueOf(k))
                        .add(java.math.BigInteger.valueOf(p))));
        return Arbitraries.oneOf(
                shifted,
                Arbitraries.bigDecimals()
                        .between(new BigDecimal(-100), new BigDecimal(70_000))
                        .ofScale(1));
    }

    @Provide
    Arbitrary<List<List<String>>> records() {
        Arbitrary<String> field =
                Arbitraries.strings().withChars("ab ,\"\r\n\t'é\u2028").ofMaxLength(8);
        return field.list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<ServiceEndpoint>> catalogs() {
        return endpoint().list().ofMaxSize(6);
    }

    /** Free text: what a spreadsheet cell holds, CSV and JSON specials included (no lone surrogates: files are UTF-8). */
    private static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("abcXYZ019 ,;\"'\n\r\t\\{}[]:é✓\u2028")
                                .ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(20)));
    }

    private static Arbitrary<String> label() {
        return Arbitraries.strings().withChars("abcz019").ofMinLength(1).ofMaxLength(8);
    }

    private static Arbitrary<String> host() {
        return label().list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
    }

    private static Arbitrary<ServiceEndpoint> endpoint() {
        Arbitrary<String> endpoint = Combinators.combine(
                        Arbitraries.of("", "*.", "*"), host(), Arbitraries.of("", "/", "/pkiops/*", "/a/b?c=d"))
                // A wildcard must sit below a registrable domain (docs/behaviour.md#catalog-columns).
                .as((prefix, h, path) -> prefix + h + (prefix.isEmpty() ? "" : ".com") + path);
        Arbitrary<String> geography =
                Arbitraries.strings().withChars("ABCUSWEN019").ofMinLength(2).ofMaxLength(12);
        Arbitrary<Set<Platform>> platforms =
                Arbitraries.of(Platform.class).set().map(s -> s.isEmpty() ? Set.<Platform>of() : EnumSet.copyOf(s));
        Arbitrary<Tuple.Tuple2<String, ProbeExpect>> probe = Arbitraries.oneOf(
                Arbitraries.just(Tuple.of((String) null, (ProbeExpect) null)),
                Combinators.combine(
                                Arbitraries.of("http://", "https://"),
                                host().map(h -> h + ".com"), // java.net.URI wants a letter first in the last label
                                Arbitraries.of(ProbeExpect.ANY, ProbeExpect.OK, new ProbeExpect(404)))
                        .as((scheme, h, expect) -> Tuple.of(scheme + h + "/", expect)));
        Arbitrary<String> workspace =
                Arbitraries.oneOf(Arbitraries.just((String) null), host().map(h -> WorkspaceId.PLACEHOLDER + "." + h));
        Arbitrary<Tuple.Tuple4<String, String, String, Integer>> head = Combinators.combine(
                        text(), geography, text(), Arbitraries.integers().between(1, 65535))
                .as(Tuple::of);
        Arbitrary<Tuple.Tuple4<String, String, Boolean, Set<Platform>>> middle = Combinators.combine(
                        endpoint, text(), Arbitraries.of(true, false), platforms)
                .as(Tuple::of);
        return Combinators.combine(head, middle, probe, workspace, text())
                .as((h, m, p, w, notes) -> new ServiceEndpoint(
                        h.get1(), h.get2(), h.get3(), h.get4(), m.get1(), m.get2(), m.get3(), m.get4(), p.get1(),
                        p.get2(), w, notes));
    }
}
