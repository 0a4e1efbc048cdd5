package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnboardingPackageTest {

    static final String CA =
            Pem.encodeCertificates(Pki.createCa("onboarding test CA").chain());
    static final OnboardingPackage SAMPLE = new OnboardingPackage(
            "0b7c4a8e-2f1d-4c3b-9a8e-1d2c3b4a5f60",
            List.of(
                    CollectorEndpoint.parse("https://c1.example:8443", "WW", "url"),
                    CollectorEndpoint.parse("https://c2.example:8443", "EU", "url")),
            CA,
            new IdAndSecret("tok-0123456789abcdef", "A".repeat(43)),
            Instant.parse("2026-01-02T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughAFileWithMode0600() throws Exception {
        Path f = dir.resolve("onboard.json");
        SAMPLE.write(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        OnboardingPackage back = OnboardingPackage.read(f);
        assertEquals(SAMPLE.tenantId(), back.tenantId());
        assertEquals(SAMPLE.collectors(), back.collectors());
        assertEquals(SAMPLE.enrollmentToken(), back.enrollmentToken());
        assertEquals(SAMPLE.tokenExpiresAt(), back.tokenExpiresAt());
        assertEquals(1, back.trustedCertificates().size());
        assertFalse(back.toString().contains(SAMPLE.enrollmentToken().secret()));
    }

    @Test
    void aPackageWithoutCaTrustsTheSystemStore() {
        ObjectNode n = sample();
        n.putNull("caPem");
        assertTrue(
                OnboardingPackage.parse(n.toString(), "f").trustedCertificates().isEmpty());
    }

    private static ObjectNode sample() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(SAMPLE.toJson());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "format=other                 | \"format\" must be",
                "tenantId=                    | \"tenantId\" is missing",
                "tenantId=not-a-uuid          | is not a tenant id",
                "enrollmentToken=abc          | is not an uplink enrollment token",
                "enrollmentToken=             | \"enrollmentToken\" is missing",
                "tokenExpiresAt=tomorrow      | \"tokenExpiresAt\" is not an ISO-8601",
                "caPem=-----BEGIN CERTIFICATE-----garbage | \"caPem\"",
                "collectors=                  | \"collectors\" must be a non-empty list",
                "url=http://c1.example        | collectors[0].url",
                "geography=MARS               | is not a geography",
            })
    void badFieldsAreNamed(String change, String reason) {
        ObjectNode n = sample();
        String field = change.substring(0, change.indexOf('=')).strip();
        String value = change.substring(change.indexOf('=') + 1).strip();
        switch (field) {
            case "collectors" -> n.putArray("collectors");
            case "url", "geography" -> ((ObjectNode) n.get("collectors").get(0)).put(field, value);
            default -> {
                if (value.isEmpty()) {
                    n.remove(field);
                } else {
                    n.put(field, value);
                }
            }
        }
        var e = assertThrows(
                InvalidInputException.class, () -> OnboardingPackage.parse(n.toString(), "onboarding file x.json"));
        assertTrue(e.getMessage().startsWith("onboarding file x.json"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all | not valid JSON",
                "[1,2]           | not a JSON object",
                "{}              | \"format\" must be",
            })
    void badDocuments(String text, String reason) {
        var e = assertThrows(InvalidInputException.class, () -> OnboardingPackage.parse(text, "f"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void missingAndOversizedFilesAreClearErrors() throws Exception {
        var missing = assertThrows(InvalidInputException.class, () -> OnboardingPackage.read(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("no such file"));
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[OnboardingPackage.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(InvalidInputException.class, () -> OnboardingPackage.read(big))
                .getMessage()
                .contains("of at most " + OnboardingPackage.MAX_FILE_BYTES + " bytes"));
    }
}
