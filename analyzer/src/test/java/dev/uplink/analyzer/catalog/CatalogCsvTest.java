package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogCsvTest {

    static final String HEADER = CatalogColumn.headerLine();
    static final String GOOD_ROW =
            "Svc,WW,CRL,80,crl.microsoft.com,CRLs,Required,Y,N,N,Y,Y,http://crl.microsoft.com/,any,,,";

    @Test
    void builtInCatalogLoadsEveryRow() throws IOException {
        String text;
        try (InputStream in = ServiceCatalog.class.getResourceAsStream("service-urls.csv")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long dataRows = text.lines().filter(l -> !l.isBlank()).count() - 1;
        ServiceCatalog catalog = ServiceCatalog.builtIn();
        assertEquals(List.of(), catalog.problems());
        assertEquals(dataRows, catalog.endpoints().size());
        assertEquals(Set.of("WW", "US", "EU", "UK", "AU", "AEC", "AEN"), catalog.geographies());
    }

    @Test
    void readsQuotedCellsAndFlags() {
        ServiceEndpoint e = ServiceCatalog.builtIn().endpoints().stream()
                .filter(x -> x.endpoint().equals("us.vortex-win.data.microsoft.com"))
                .findFirst()
                .orElseThrow();
        assertEquals("EDR cyber data, legacy (US)", e.description());
        assertEquals("US", e.geography());
        assertEquals(443, e.port());
        assertFalse(e.required());
        assertEquals(Set.of(Platform.WINDOWS), e.platforms());
        assertEquals(ProbeExpect.ANY, e.probeExpect());

        ServiceEndpoint mma = ServiceCatalog.builtIn().endpoints().stream()
                .filter(x -> x.endpoint().equals("*.ods.opinsights.azure.com"))
                .findFirst()
                .orElseThrow();
        assertEquals("{workspace}.ods.opinsights.azure.com", mma.workspaceEndpoint());
        assertNull(mma.probeUrl());
        assertTrue(mma.isWildcard());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no pins      | ''                                                                                      | ''",
                "one pin      | i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=                                            | i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=",
                "two, prefix  | sha256/i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY= ; NfU84SZGEeAzQP434ex9TMmGxWE9ynD9BKpEVF8tryg= | i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=;NfU84SZGEeAzQP434ex9TMmGxWE9ynD9BKpEVF8tryg=",
            })
    void pinsColumnIsReadAndWrittenBack(String name, String cell, String expected) {
        String text =
                HEADER + "\nSvc,WW,Common,443,x.microsoft.com,d,Required,Y,N,N,Y,Y,https://x.microsoft.com/ping,200,\""
                        + cell + "\",,\n";
        ServiceCatalog c = CatalogCsv.parse(text, "t.csv");
        assertEquals(List.of(), c.problems(), name);
        assertEquals(expected, c.endpoints().get(0).pins().toString(), name);
        ServiceCatalog again = CatalogCsv.parse(CatalogCsv.write(c.endpoints()), "again.csv");
        assertEquals(c.endpoints(), again.endpoints(), "CSV round trip keeps the pins");
        ServiceCatalog json = CatalogJson.parse(CatalogJson.write(c.endpoints()), "again.json");
        assertEquals(c.endpoints(), json.endpoints(), "JSON round trip keeps the pins");
    }

    @Test
    void headerIsMatchedByNameInAnyOrderAndCase() {
        String text = "linux,MACOS,mma,windows7_81,WINDOWS,required,ENDPOINT,port,geography\n"
                + "Y,N,N,N,Y,Optional,login.live.com,443,eu\n";
        ServiceCatalog c = CatalogCsv.parse(text, "t.csv");
        assertEquals(List.of(), c.problems());
        ServiceEndpoint e = c.endpoints().get(0);
        assertEquals("login.live.com", e.endpoint());
        assertEquals("EU", e.geography());
        assertEquals(Set.of(Platform.WINDOWS, Platform.LINUX), e.platforms());
        assertEquals("", e.service());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad port         | Svc,WW,CRL,http,crl.microsoft.com,d,Required,Y,N,N,Y,Y,,,,                | Port 'http' is not a number",
                "port range       | Svc,WW,CRL,70000,crl.microsoft.com,d,Required,Y,N,N,Y,Y,,,,               | Port 70000 is out of range",
                "flag             | Svc,WW,CRL,80,crl.microsoft.com,d,Required,maybe,N,N,Y,Y,,,,              | Windows 'maybe' is not valid",
                "required         | Svc,WW,CRL,80,crl.microsoft.com,d,Sometimes,Y,N,N,Y,Y,,,,                 | Required 'Sometimes' is not valid",
                "endpoint         | Svc,WW,CRL,80,crl microsoft,d,Required,Y,N,N,Y,Y,,,,                      | is not a host name",
                "empty endpoint   | Svc,WW,CRL,80,,d,Required,Y,N,N,Y,Y,,,,                                   | Endpoint is empty",
                "geography        | Svc,U.S.,CRL,80,crl.microsoft.com,d,Required,Y,N,N,Y,Y,,,,                | Geography 'U.S.' is not valid",
                "probe expect     | Svc,WW,CRL,80,crl.microsoft.com,d,Required,Y,N,N,Y,Y,http://crl.microsoft.com/,,, | ProbeExpect is empty",
                "bad expect       | Svc,WW,CRL,80,crl.microsoft.com,d,Required,Y,N,N,Y,Y,http://crl.microsoft.com/,ok,, | ProbeExpect 'ok' is not valid",
                "probe scheme     | Svc,WW,CRL,80,crl.microsoft.com,d,Required,Y,N,N,Y,Y,ftp://crl.microsoft.com/,any,, | is not an http(s) URL",
                "probe creds      | Svc,WW,CRL,80,crl.microsoft.com,d,Required,Y,N,N,Y,Y,http://u:p@crl.microsoft.com/,any,, | contains credentials",
                "workspace tmpl   | Svc,WW,MMA,443,*.ods.opinsights.azure.com,d,Optional,N,Y,Y,N,N,,,,ods.opinsights.azure.com, | has no {workspace} placeholder",
                "bad pin          | Svc,WW,Common,443,x.microsoft.com,d,Required,Y,N,N,Y,Y,,,not-a-pin,, | Pins 'not-a-pin' is not a pin: expected SPKI SHA-256 pins in base64",
                "short pin        | Svc,WW,Common,443,x.microsoft.com,d,Required,Y,N,N,Y,Y,,,sha256/i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/C=,, | Pins 'sha256/i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/C=' is not a pin",
                "public suffix    | Svc,WW,CRL,443,*.co.uk,d,Required,Y,N,N,Y,Y,,,,                           | Endpoint '*.co.uk' covers a whole public suffix (co.uk): expected a wildcard below a registrable domain such as *.example.co.uk",
                "glued suffix     | Svc,WW,CRL,443,*com,d,Required,Y,N,N,Y,Y,,,,                              | Endpoint '*com' has no whole domain after its last *",
            })
    void badRowsBecomeProblemsWithRowNumbers(String name, String row, String reason) {
        String text = HEADER + "\n" + GOOD_ROW + "\n" + row + "\n" + GOOD_ROW.replace("crl.", "crl2.") + "\n";
        ServiceCatalog c = CatalogCsv.parse(text, "t.csv");
        assertEquals(2, c.endpoints().size(), "the good rows around the bad one still load");
        assertEquals(1, c.problems().size());
        CatalogProblem p = c.problems().get(0);
        assertEquals(3, p.row(), "header is row 1, the bad row is row 3");
        assertTrue(p.reason().contains(reason), p.reason());
    }

    @Test
    void missingRequiredColumnNamesFileAndExpectedHeader() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> CatalogCsv.parse("Service,Geography,Port\nS,WW,443\n", "my.csv"));
        assertTrue(
                e.getMessage()
                        .startsWith("my.csv has no column Endpoint, Required, Windows, Windows7_81, MMA, macOS, Linux"),
                e.getMessage());
        assertTrue(e.getMessage().contains(HEADER), e.getMessage());
    }

    @Test
    void blankRowsAreSkippedSilently() {
        ServiceCatalog c = CatalogCsv.parse(HEADER + "\n\n" + GOOD_ROW + "\n,,,,\n", "t.csv");
        assertEquals(1, c.endpoints().size());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void writeThenParseIsTheSameCatalog() {
        List<ServiceEndpoint> all = ServiceCatalog.builtIn().endpoints();
        ServiceCatalog again = CatalogCsv.parse(CatalogCsv.write(all), "round-trip.csv");
        assertEquals(List.of(), again.problems());
        assertEquals(all, again.endpoints());
    }
}
