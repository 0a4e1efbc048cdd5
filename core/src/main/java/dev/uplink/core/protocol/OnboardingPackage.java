package dev.uplink.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The onboarding file an administrator hands to a device: which tenant, which collectors (with
 * geography), which CA to trust, and a one-time enrollment token. It holds a secret, so it is
 * written with mode 0600 and {@link #toString()} redacts the token.
 *
 * <pre>{@code
 * {"format": "uplink-onboarding-v1", "tenantId": "…",
 *  "collectors": [{"url": "https://collector.example:8443", "geography": "WW"}],
 *  "caPem": "-----BEGIN CERTIFICATE-----…" (or null: trust the system store),
 *  "enrollmentToken": "tok-….<secret>", "tokenExpiresAt": "2026-01-01T00:00:00Z"}
 * }</pre>
 */
public record OnboardingPackage(
        String tenantId,
        List<CollectorEndpoint> collectors,
        String caPem,
        IdAndSecret enrollmentToken,
        Instant tokenExpiresAt) {

    public static final String FORMAT = "uplink-onboarding-v1";
    /** Onboarding files and device credentials are small: anything larger is refused before it is read. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final Pattern TENANT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = ProtocolJson.MAPPER;

    public OnboardingPackage {
        collectors = List.copyOf(collectors);
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("an onboarding package needs at least one collector");
        }
    }

    /** The CA certificates to trust; empty means the platform's trust store. */
    public List<X509Certificate> trustedCertificates() {
        return caPem == null ? List.of() : Pem.parseCertificatesOnly(caPem, "onboarding caPem");
    }

    public static OnboardingPackage read(Path file) {
        String what = "onboarding file " + file;
        return parse(InputFiles.readUtf8(file, MAX_FILE_BYTES, "an uplink onboarding file"), what);
    }

    /** Parses and validates; every error names {@code what} and the field. */
    public static OnboardingPackage parse(String json, String what) {
        JsonNode root = ProtocolJson.readObject(json, what, "an uplink onboarding file");
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new InvalidInputException(
                    what + ": \"format\" must be \"" + FORMAT + "\"; is this an uplink onboarding file?");
        }
        String tenant = text(root, "tenantId", what);
        if (!TENANT.matcher(tenant).matches()) {
            throw new InvalidInputException(what + ": \"tenantId\" '" + tenant + "' is not a tenant id (a UUID)");
        }
        JsonNode cs = root.path("collectors");
        if (!cs.isArray() || cs.isEmpty()) {
            throw new InvalidInputException(
                    what + ": \"collectors\" must be a non-empty list of {\"url\",\"geography\"}");
        }
        List<CollectorEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            String at = what + ": collectors[" + i + "]";
            endpoints.add(
                    CollectorEndpoint.parse(text(cs.get(i), "url", at), text(cs.get(i), "geography", at), at + ".url"));
        }
        String ca = root.hasNonNull("caPem") ? text(root, "caPem", what) : null;
        if (ca != null) {
            Pem.parseCertificatesOnly(ca, what + ": \"caPem\"");
        }
        IdAndSecret token = IdAndSecret.parse(text(root, "enrollmentToken", what), IdAndSecret.TOKEN_ID)
                .orElseThrow(
                        () -> new InvalidInputException(what + ": \"enrollmentToken\" is not an uplink enrollment token"
                                + " (expected tok-<16 hex>.<43 base64url characters>)"));
        Instant expires;
        try {
            expires = Instant.parse(text(root, "tokenExpiresAt", what));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    what + ": \"tokenExpiresAt\" is not an ISO-8601 instant like 2026-01-01T00:00:00Z");
        }
        return new OnboardingPackage(tenant, endpoints, ca, token, expires);
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new InvalidInputException(what + ": \"" + field + "\" is missing or not a non-empty string");
        }
        return v.textValue();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("tenantId", tenantId);
        ArrayNode cs = root.putArray("collectors");
        for (CollectorEndpoint c : collectors) {
            cs.addObject().put("url", c.url().toString()).put("geography", c.geography());
        }
        root.put("caPem", caPem);
        root.put("enrollmentToken", enrollmentToken.reveal());
        root.put("tokenExpiresAt", tokenExpiresAt.toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the file with mode 0600 (it holds the enrollment token), atomically. */
    public void write(Path file) throws IOException {
        PrivateFiles.write(file, toJson());
    }

    @Override
    public String toString() {
        return "OnboardingPackage[tenant=" + tenantId + ", collectors=" + collectors + ", token=" + enrollmentToken
                + ", expires=" + tokenExpiresAt + "]";
    }
}
