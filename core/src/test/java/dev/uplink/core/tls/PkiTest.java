package dev.uplink.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PkiTest {

    @TempDir
    Path dir;

    @Test
    void serverCertificateIsSignedByTheCaAndCoversNamesAndIps() throws Exception {
        KeyAndChain ca = Pki.createCa("uplink lab CA");
        KeyAndChain server = Pki.issueServer(ca, List.of("collector.lab.test", "*.lab.test", "127.0.0.1", "::1"));
        X509Certificate leaf = server.certificate();
        leaf.verify(ca.certificate().getPublicKey());
        leaf.checkValidity();
        assertEquals(2, server.chain().size());
        assertEquals("CN=collector.lab.test", leaf.getSubjectX500Principal().getName());
        assertEquals("CN=uplink lab CA", leaf.getIssuerX500Principal().getName());
        List<String> sans = new ArrayList<>();
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
            sans.add(san.get(0) + "=" + san.get(1));
        }
        assertEquals(List.of("2=collector.lab.test", "2=*.lab.test", "7=127.0.0.1", "7=0:0:0:0:0:0:0:1"), sans);
        assertEquals(-1, leaf.getBasicConstraints());
        assertTrue(ca.certificate().getBasicConstraints() >= 0);
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
    }

    @Test
    void clientCertificateIsForClientAuth() throws Exception {
        KeyAndChain ca = Pki.createCa("device CA", KeyType.RSA_2048, Duration.ofDays(1));
        KeyAndChain device = Pki.issueClient(ca, "device-7, O=evil");
        device.certificate().verify(ca.certificate().getPublicKey());
        assertTrue(device.certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
        // The comma is escaped: no extra RDN can be injected through a name.
        assertEquals("CN=device-7\\, O\\=evil", device.subject());
    }

    @Test
    void pemRoundTripKeepsChainAndKeyAndProtectsTheKeyFile() throws Exception {
        KeyAndChain ca = Pki.createCa("round trip CA");
        KeyAndChain server = Pki.issueServer(ca, List.of("a.test"));
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Pem.write(server, cert, key);
        KeyAndChain back = Pem.read(cert, key);
        assertEquals(server.chain(), back.chain());
        assertEquals(server.key(), back.key());
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }

    @Test
    void keyOfAnotherCertificateIsRejected() throws Exception {
        KeyAndChain ca = Pki.createCa("CA");
        Pem.writeCertificates(Pki.issueServer(ca, List.of("a.test")).chain(), dir.resolve("a.pem"));
        Files.writeString(
                dir.resolve("b.key"),
                Pem.encodePrivateKey(Pki.issueServer(ca, List.of("b.test")).key()));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Pem.read(dir.resolve("a.pem"), dir.resolve("b.key")));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "empty; ''; no certificate found",
                "text; hello world; no certificate found",
                "key only; KEY; no certificate found",
                "broken base64; '-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n'; malformed",
                "missing end; '-----BEGIN CERTIFICATE-----\nMIIB\n'; malformed",
            })
    void badCertificateFilesNameTheFile(String name, String content, String expected) throws Exception {
        String text =
                content.equals("KEY") ? Pem.encodePrivateKey(Pki.createCa("x").key()) : content;
        Path f = dir.resolve("ca.pem");
        Files.writeString(f, text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Pem.readCertificates(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "empty; ''; no private key found",
                "certificate only; CERT; no private key found",
                "encrypted; '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIc2FsdHNhbHQCAggAMAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBBpdml2aXZpdml2aXZpdmk=\n-----END ENCRYPTED PRIVATE KEY-----\n'; ''",
                "garbage key; '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'; malformed",
            })
    void badKeyFilesNameTheFile(String name, String content, String expected) throws Exception {
        String text = content.equals("CERT")
                ? Pem.encodeCertificates(List.of(Pki.createCa("x").certificate()))
                : content;
        Path f = dir.resolve("k.pem");
        Files.writeString(f, text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Pem.readPrivateKey(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void missingAndHugeFilesAreRejected() throws Exception {
        assertThrows(InvalidInputException.class, () -> Pem.readCertificates(dir.resolve("nope.pem")));
        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[(int) Pem.MAX_FILE_BYTES + 1]);
        assertThrows(InvalidInputException.class, () -> Pem.readCertificates(big));
    }

    @Test
    void caFileTrustCanAddToOrReplaceTheJdkRoots() throws Exception {
        KeyAndChain ca = Pki.createCa("extra anchor");
        Path f = dir.resolve("ca.pem");
        Pem.writeCertificates(List.of(ca.certificate()), f);
        TrustMaterial only = TrustMaterial.fromCaFile(f, false);
        TrustMaterial plus = TrustMaterial.fromCaFile(f, true);
        assertEquals(1, only.trustManager().getAcceptedIssuers().length);
        int jdk = TrustMaterial.jdkDefaults().trustManager().getAcceptedIssuers().length;
        assertEquals(jdk + 1, plus.trustManager().getAcceptedIssuers().length);
        assertTrue(jdk > 10, "JDK default roots expected, got " + jdk);
        assertFalse(only.includesJdkDefaults());
        KeyAndChain leaf = Pki.issueServer(ca, List.of("x.test"));
        only.trustManager().checkServerTrusted(leaf.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
    }
}
