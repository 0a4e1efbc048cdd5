package dev.uplink.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM as OpenSSL writes it, and the strict form for certificates that are passed on. */
class PemTest {

    @TempDir
    Path dir;

    /** Keys as OpenSSL writes them (SEC1 EC, PKCS#1 RSA, PKCS#8): fixtures made with openssl req/genrsa/ecparam. */
    @ParameterizedTest
    @CsvSource({
        "openssl-ec.crt, openssl-ec.key, EC",
        "openssl-rsa.crt, openssl-rsa.key, RSA",
        "openssl-rsa.crt, openssl-rsa-pkcs8.key, RSA",
    })
    void opensslKeyFormatsLoadAsJdkKeysThatServeTls(String cert, String key, String algorithm) throws Exception {
        Path c = Path.of(getClass().getResource("/tls/" + cert).toURI());
        Path k = Path.of(getClass().getResource("/tls/" + key).toURI());
        KeyAndChain id = Pem.read(c, k);
        assertEquals(1, id.chain().size());
        assertEquals(algorithm, id.key().getAlgorithm());
        assertTrue(Pem.matches(id.key(), id.certificate()));
        Pki.serverContext(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "certificate            | true  | ",
                "chain                  | true  | ",
                "certificate and key    | false | expected only CERTIFICATE blocks, found PrivateKeyInfo",
                "key only               | false | expected only CERTIFICATE blocks",
                "nothing                | false | no certificate found",
            })
    void certificatesOnlyRefusesAnyOtherBlock(String name, boolean ok, String reason) {
        KeyAndChain server = Pki.issueServer(Pki.createCa("strict CA"), List.of("a.test"));
        String text = switch (name.strip()) {
            case "certificate" -> Pem.encodeCertificates(List.of(server.certificate()));
            case "chain" -> Pem.encodeCertificates(server.chain());
            case "certificate and key" -> Pem.encodeCertificates(server.chain()) + Pem.encodePrivateKey(server.key());
            case "key only" -> Pem.encodePrivateKey(server.key());
            default -> "hello";
        };
        if (ok) {
            List<X509Certificate> certs = Pem.parseCertificatesOnly(text, "--ca-file x.pem");
            assertEquals(certs, Pem.parseCertificates(text, "x"));
            return;
        }
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Pem.parseCertificatesOnly(text, "--ca-file x.pem"));
        assertTrue(
                e.getMessage().startsWith("--ca-file x.pem: ") && e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void lenientParsingSkipsOtherBlocks() {
        KeyAndChain server = Pki.issueServer(Pki.createCa("lenient CA"), List.of("a.test"));
        String combined = Pem.encodePrivateKey(server.key()) + Pem.encodeCertificates(server.chain());
        assertEquals(server.chain(), Pem.parseCertificates(combined, "combined.pem"));
    }

    /** Damaged encrypted keys are still named as encrypted, not as malformed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pkcs8 truncated | '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGjMF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBDN8GQ7MnM1E5Lb5Ot0\n-----END ENCRYPTED PRIVATE KEY-----\n'",
                "openssl legacy  | '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n'",
            })
    void encryptedKeysAreNamed(String name, String text) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Pem.parsePrivateKey(text, "--tls-key k.pem"));
        assertTrue(e.getMessage().startsWith("--tls-key k.pem: the private key is encrypted"), e.getMessage());
    }

    @Test
    void filesAreNamedAsTheCallerSaysInEveryError() throws Exception {
        Path missing = dir.resolve("missing.pem");
        var e = assertThrows(
                InvalidInputException.class, () -> Pem.readCertificatesOnly(missing, "--tls-cert " + missing));
        assertTrue(e.getMessage().startsWith("--tls-cert " + missing + ": cannot be read"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Pem.readPrivateKey(missing, "--tls-key " + missing));
        assertTrue(e.getMessage().startsWith("--tls-key " + missing + ": cannot be read"), e.getMessage());
        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[(int) Pem.MAX_FILE_BYTES + 1]);
        e = assertThrows(InvalidInputException.class, () -> Pem.readCertificatesOnly(big, "--tls-cert " + big));
        assertTrue(e.getMessage().startsWith("--tls-cert " + big + ": larger than"), e.getMessage());
    }

    @Test
    void keyOfAnotherAlgorithmDoesNotMatch() throws Exception {
        KeyAndChain ec = Pki.issueServer(Pki.createCa("ec CA"), List.of("a.test"));
        PrivateKey rsa = Pem.readPrivateKey(
                Path.of(getClass().getResource("/tls/openssl-rsa.key").toURI()));
        assertFalse(Pem.matches(rsa, ec.certificate()));
    }
}
