package dev.uplink.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaPinsTest {

    private static final String G2 = "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=";
    private static final String MS_RSA = "svcpi1K/LDysTd/nLeTWgqxYlXWVmC8rYjAa9ZfGmcU=";

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|''",
                "'   '|''",
                G2 + "|" + G2,
                "sha256/" + G2 + "|" + G2,
                "SHA256/" + G2 + "|" + G2,
                G2 + ";" + MS_RSA + "|" + G2 + ";" + MS_RSA,
                G2 + " ; " + MS_RSA + " |" + G2 + ";" + MS_RSA,
                G2 + " " + MS_RSA + "|" + G2 + ";" + MS_RSA,
                G2 + ";" + G2 + "|" + G2,
            })
    void parsesPinLists(String text, String expected) {
        assertEquals(expected, CaPins.parse(text, "Pins").toString());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "abc", // too short
                "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY", // no padding
                "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl_s2uC_CY=", // base64url, not base64
                "sha1/i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=", // other hash
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy", // 51 bytes
                "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=,svcpi1K/LDysTd/nLeTWgqxYlXWVmC8rYjAa9ZfGmcU=", // comma
            })
    void refusesBadPinsNamingTheInputAndTheForm(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaPins.parse(text, "row 3 Pins"));
        assertTrue(e.getMessage().startsWith("row 3 Pins '"), e.getMessage());
        assertTrue(e.getMessage().contains("expected SPKI SHA-256 pins in base64"), e.getMessage());
    }

    @Test
    void matchesTheChainAsSentOrTheAnchorThatSignedItsTop() {
        KeyAndChain root = Pki.createCa("pins test root");
        KeyAndChain other = Pki.createCa("pins test other root");
        KeyAndChain leaf = Pki.issueServer(root, List.of("svc.example.com"));
        List<X509Certificate> sent = List.of(leaf.certificate());
        X509Certificate[] anchors = {other.certificate(), root.certificate()};

        assertTrue(CaPins.of(List.of(root.certificate())).matches(sent, anchors));
        assertFalse(CaPins.of(List.of(other.certificate())).matches(sent, anchors));
        assertTrue(CaPins.NONE.matches(sent, anchors));
        // The anchor must really have signed the top certificate, not merely carry its issuer name.
        KeyAndChain impostor = Pki.createCa("pins test root");
        assertFalse(CaPins.of(List.of(impostor.certificate()))
                .matches(sent, new X509Certificate[] {impostor.certificate()}));
    }

    @Test
    void pinOfIsBase64OfTheSpkiSha256() throws Exception {
        X509Certificate ca = Pki.createCa("pins test").certificate();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(ca.getPublicKey().getEncoded());
        assertEquals(java.util.Base64.getEncoder().encodeToString(digest), CaPins.pinOf(ca));
        assertEquals(CaPins.pinOf(ca), CaPins.parse(CaPins.pinOf(ca), "pin").toString());
    }
}
