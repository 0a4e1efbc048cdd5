package dev.uplink.collector.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The collector's self-signed CA and the operator's --tls-cert/--tls-key pair. */
class CollectorCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void theSelfSignedCaIsKeptInTheDataDirectoryAndReused() throws Exception {
        KeyAndChain first = SelfSignedCa.loadOrCreate(dir);
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))));
        KeyAndChain again = SelfSignedCa.loadOrCreate(dir);
        assertEquals(first.certificate(), again.certificate());
        assertEquals(first.key(), again.key());
        KeyAndChain server = SelfSignedCa.issueServer(again, List.of("collector.test"));
        server.certificate().verify(first.certificate().getPublicKey());
        assertEquals(List.of(server.certificate(), first.certificate()), server.chain());
        var sans = server.certificate().getSubjectAlternativeNames().stream()
                .map(l -> l.get(1).toString())
                .toList();
        assertTrue(sans.containsAll(List.of("collector.test", "localhost", "127.0.0.1")), sans.toString());
        assertTrue(first.certificate().getBasicConstraints() >= 0, "a CA certificate");
        Pki.serverContext(server);
    }

    @Test
    void serverCertificatesStayWithinWhatTlsClientsAccept() throws Exception {
        KeyAndChain server = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("0.0.0.0", "", "::"));
        var sans = server.certificate().getSubjectAlternativeNames().stream()
                .map(l -> l.get(1).toString())
                .toList();
        assertEquals(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"), sans);
        Instant notAfter = server.certificate().getNotAfter().toInstant();
        assertTrue(notAfter.isBefore(Instant.now().plus(Duration.ofDays(398))), notAfter.toString());
    }

    @Test
    void pemFilesLoadWhenKeyAndCertificateMatch() throws Exception {
        KeyAndChain issued = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("a.test"));
        Path cert = Files.writeString(dir.resolve("cert.pem"), Pem.encodeCertificates(issued.chain()));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.encodePrivateKey(issued.key()));
        KeyAndChain loaded = OperatorCertificate.load(cert, key);
        assertEquals(issued.chain(), loaded.chain());
        Pki.serverContext(loaded);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "other key      | does not belong to the first certificate",
                "key as cert    | expected only CERTIFICATE blocks",
                "cert and key   | expected only CERTIFICATE blocks",
                "not pem        | no certificate found",
                "cert as key    | no private key found",
                "encrypted key  | is encrypted",
                "missing cert   | cannot be read",
            })
    void badPemFilesAreNamed(String name, String reason) throws Exception {
        KeyAndChain a = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("a.test"));
        KeyAndChain b = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("b.test"));
        String certPem = Pem.encodeCertificates(List.of(a.certificate()));
        String keyPem = Pem.encodePrivateKey(a.key());
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIGjMF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBDN8GQ7MnM1E5Lb5Ot0\n-----END ENCRYPTED PRIVATE KEY-----\n";
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        switch (name.strip()) {
            case "other key" -> {
                Files.writeString(cert, certPem);
                Files.writeString(key, Pem.encodePrivateKey(b.key()));
            }
            case "key as cert" -> {
                Files.writeString(cert, keyPem);
                Files.writeString(key, keyPem);
            }
            case "cert and key" -> {
                Files.writeString(cert, certPem + keyPem);
                Files.writeString(key, keyPem);
            }
            case "not pem" -> {
                Files.writeString(cert, "hello");
                Files.writeString(key, keyPem);
            }
            case "cert as key" -> {
                Files.writeString(cert, certPem);
                Files.writeString(key, certPem);
            }
            case "encrypted key" -> {
                Files.writeString(cert, certPem);
                Files.writeString(key, encrypted);
            }
            case "missing cert" -> Files.writeString(key, keyPem);
            default -> throw new IllegalArgumentException(name);
        }
        var e = assertThrows(InvalidInputException.class, () -> OperatorCertificate.load(cert, key));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("--tls-"), e.getMessage());
    }
}
