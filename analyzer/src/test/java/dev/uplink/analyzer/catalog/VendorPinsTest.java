package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.connect.Expect;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped pins are re-derived from the real root certificates of the Debian trust store
 * (package ca-certificates), so a typo or a wrong root cannot ship (docs/behaviour.md#built-in-pins).
 */
class VendorPinsTest {

    private static final Path TRUST_STORE = Path.of("/etc/ssl/certs");

    @Test
    void everyShippedPinIsTheSpkiSha256OfTheNamedRootInTheTrustStore() {
        for (Map.Entry<String, String> root : VendorPins.ROOTS.entrySet()) {
            Path pem = TRUST_STORE.resolve(root.getKey() + ".pem");
            assertTrue(Files.isReadable(pem), pem + " is missing: install ca-certificates");
            List<X509Certificate> certs = Pem.readCertificates(pem);
            assertEquals(1, certs.size(), pem.toString());
            X509Certificate cert = certs.get(0);
            assertEquals(root.getValue(), CaPins.pinOf(cert), root.getKey());
            // A root: self-issued, and named as the file says.
            assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal(), root.getKey());
            assertTrue(
                    cert.getSubjectX500Principal()
                            .getName()
                            .replace(' ', '_')
                            .contains(root.getKey().replace("_CA", "")),
                    cert.getSubjectX500Principal().getName());
        }
    }

    @Test
    void theExpiredBaltimoreRootIsNotPinned() throws Exception {
        // Baltimore CyberTrust Root expired on 12 May 2025; a chain to it cannot validate any more.
        Path pem = TRUST_STORE.resolve("Baltimore_CyberTrust_Root.pem");
        if (Files.isReadable(pem)) {
            X509Certificate baltimore = Pem.readCertificates(pem).get(0);
            assertFalse(VendorPins.MICROSOFT_SERVICES.values().contains(CaPins.pinOf(baltimore)));
            assertTrue(baltimore.getNotAfter().toInstant().isBefore(java.time.Instant.parse("2025-05-13T00:00:00Z")));
        }
    }

    @Test
    void everyHttpsRowOfTheBuiltInCatalogCarriesTheVendorPinsAndNoPlainHttpRowAny() {
        ServiceCatalog catalog = ServiceCatalog.builtIn();
        assertEquals(5, VendorPins.MICROSOFT_SERVICES.values().size());
        for (ServiceEndpoint e : catalog.endpoints()) {
            if (e.port() == 443) {
                assertEquals(VendorPins.MICROSOFT_SERVICES, e.pins(), e.endpoint());
            } else {
                assertEquals(CaPins.NONE, e.pins(), e.endpoint());
                if (e.probeUrl() != null) {
                    // Over plain HTTP through a proxy "any" proves nothing: docs/behaviour.md#answers-and-evidence.
                    assertNotEquals(ProbeExpect.ANY, e.probeExpect(), e.endpoint());
                }
            }
        }
    }

    @Test
    void theRevocationRowsFetchARealCrl() {
        ServiceCatalog catalog = ServiceCatalog.builtIn();
        for (String endpoint : List.of("crl.microsoft.com", "www.microsoft.com/pkiops/*", "www.microsoft.com/pki/*")) {
            ServiceEndpoint e = catalog.endpoints().stream()
                    .filter(x -> x.endpoint().equals(endpoint))
                    .findFirst()
                    .orElseThrow();
            assertEquals(ProbeExpect.CRL, e.probeExpect(), endpoint);
            assertEquals(Expect.CRL, e.probeExpect().toExpect(), endpoint);
            assertTrue(e.probeUrl().endsWith(".crl"), e.probeUrl());
        }
        ServiceEndpoint ctl = catalog.endpoints().stream()
                .filter(x -> x.endpoint().equals("ctldl.windowsupdate.com"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                ProbeExpect.OK, ctl.probeExpect(), "the trust list is a CAB, not a CRL: its status is the evidence");
    }

    @Test
    void importedVendorRowsGetTheVendorPinsForHttpsOnly() {
        assertEquals(VendorPins.MICROSOFT_SERVICES, VendorPins.forPort(443));
        assertEquals(CaPins.NONE, VendorPins.forPort(80));
    }
}
