package dev.uplink.collector.tls;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theSelfSignedCaIsKeptInTheDataDirectoryAndReused() throws Exception {
        InterimSelfSignedCa first = InterimSelfSignedCa.loadOrCreate(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))));
        InterimSelfSignedCa again = InterimSelfSignedCa.loadOrCreate(dir);
        assertEquals(first.certificate(), again.certificate());
        ServerIdentity server = again.issueServer(List.of("collector.test"));
        server.chain().get(0).verify(first.certificate().getPublicKey());
        var sans = server.chain().get(0).getSubjectAlternativeNames().stream().map(l -> l.get(1).toString()).toList();
        assertTrue(sans.containsAll(List.of("collector.test", "localhost", "127.0.0.1")), sans.toString());
    }

    @Test
    void pemFilesLoadWhenKeyAndCertificateMatch() throws Exception {
        ServerIdentity issued = InterimSelfSignedCa.create().issueServer(List.of("a.test"));
        Path cert = Files.writeString(dir.resolve("cert.pem"), Pem.encode(issued.chain().toArray()));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.encode(issued.key()));
        ServerIdentity loaded = ServerIdentity.fromPemFiles(cert, key);
        assertEquals(issued.chain(), loaded.chain());
        loaded.sslContext();
    }

    /** Keys as OpenSSL writes them (SEC1 EC, PKCS#1 RSA, PKCS#8): fixtures made with openssl req/genrsa/ecparam. */
    @ParameterizedTest
    @CsvSource({"openssl-ec.crt, openssl-ec.key", "openssl-rsa.crt, openssl-rsa.key", "openssl-rsa.crt, openssl-rsa-pkcs8.key"})
    void opensslKeyFormatsLoad(String cert, String key) throws Exception {
        Path c = Path.of(getClass().getResource("/tls/" + cert).toURI());
        Path k = Path.of(getClass().getResource("/tls/" + key).toURI());
        ServerIdentity id = ServerIdentity.fromPemFiles(c, k);
        assertEquals(1, id.chain().size());
        id.sslContext();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "other key      | does not belong to the first certificate",
            "key as cert    | expected only CERTIFICATE blocks",
            "not pem        | no -----BEGIN CERTIFICATE----- block",
            "cert as key    | no private key found",
            "encrypted key  | is encrypted",
            "missing cert   | cannot be read",
    })
    void badPemFilesAreNamed(String name, String reason) throws Exception {
        ServerIdentity a = InterimSelfSignedCa.create().issueServer(List.of("a.test"));
        ServerIdentity b = InterimSelfSignedCa.create().issueServer(List.of("b.test"));
        String certPem = Pem.encode(a.chain().get(0));
        String keyPem = Pem.encode(a.key());
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIGjMF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBDN8GQ7MnM1E5Lb5Ot0\n-----END ENCRYPTED PRIVATE KEY-----\n";
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        switch (name.strip()) {
            case "other key" -> { Files.writeString(cert, certPem); Files.writeString(key, Pem.encode(b.key())); }
            case "key as cert" -> { Files.writeString(cert, keyPem); Files.writeString(key, keyPem); }
            case "not pem" -> { Files.writeString(cert, "hello"); Files.writeString(key, keyPem); }
            case "cert as key" -> { Files.writeString(cert, certPem); Files.writeString(key, certPem); }
            case "encrypted key" -> { Files.writeString(cert, certPem); Files.writeString(key, encrypted); }
            case "missing cert" -> Files.writeString(key, keyPem);
            default -> throw new IllegalArgumentException(name);
        }
        var e = assertThrows(InvalidInputException.class, () -> ServerIdentity.fromPemFiles(cert, key));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("--tls-"), e.getMessage());
    }
}
