package dev.uplink.sensor.enroll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.protocol.ProtocolJson;
import dev.uplink.core.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a device keeps after enrolling: its id and secret, its tenant, the collectors to upload to
 * and the CA to trust. Stored as {@code device-credential.json} (mode 0600) in the sensor's state
 * directory; {@link #toString()} never shows the secret.
 */
public record DeviceCredential(
        String tenantId, IdAndSecret device, List<CollectorEndpoint> collectors, String caPem, Instant enrolledAt) {

    public static final String FILE_NAME = "device-credential.json";
    private static final ObjectMapper JSON = ProtocolJson.MAPPER;

    public DeviceCredential {
        collectors = List.copyOf(collectors);
    }

    public String deviceId() {
        return device.id();
    }

    /** The header value for every upload: {@code Bearer <device-id>.<secret>}. */
    public String authorizationHeader() {
        return "Bearer " + device.reveal();
    }

    /** Where to upload, in order of preference: each collector's {@code /v1/events}. */
    public List<java.net.URI> eventUrls() {
        return collectors.stream().map(c -> c.resolve("/v1/events")).toList();
    }

    public List<X509Certificate> trustedCertificates() {
        return caPem == null ? List.of() : Pem.parseCertificatesOnly(caPem, "device credential caPem");
    }

    public Path store(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir);
            try {
                Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Non-POSIX file system: nothing finer to set.
            }
        }
        Path file = stateDir.resolve(FILE_NAME);
        PrivateFiles.write(file, toJson());
        return file;
    }

    /** Loads the credential; refuses a file others can read, as ssh does with private keys. */
    public static DeviceCredential load(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        String what = "device credential " + file;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(
                        what + " does not exist: enroll first with 'uplink sensor onboard FILE'");
            }
            PrivateFiles.requireOwnerOnly(file, what);
            if (Files.size(file) > OnboardingPackage.MAX_FILE_BYTES) {
                throw new InvalidInputException(what + " is larger than 1 MiB; expected an uplink device credential");
            }
            return parse(Files.readString(file), what);
        } catch (IOException e) {
            throw new InvalidInputException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    static DeviceCredential parse(String json, String what) {
        JsonNode root = ProtocolJson.readObject(json, what, "an uplink device credential");
        IdAndSecret device = IdAndSecret.parse(
                        root.path("deviceId").asText("") + "."
                                + root.path("deviceSecret").asText(""),
                        IdAndSecret.DEVICE_ID)
                .orElseThrow(() ->
                        new InvalidInputException(what + ": \"deviceId\"/\"deviceSecret\" are missing or malformed"));
        List<CollectorEndpoint> endpoints = new ArrayList<>();
        JsonNode cs = root.path("collectors");
        for (int i = 0; i < cs.size(); i++) {
            endpoints.add(CollectorEndpoint.parse(
                    cs.get(i).path("url").asText(""),
                    cs.get(i).path("geography").asText(""),
                    what + ": collectors[" + i + "].url"));
        }
        if (endpoints.isEmpty()) {
            throw new InvalidInputException(what + ": \"collectors\" is missing or empty");
        }
        String ca = root.hasNonNull("caPem") ? root.get("caPem").asText() : null;
        if (ca != null) {
            Pem.parseCertificatesOnly(ca, what + ": \"caPem\"");
        }
        Instant enrolled;
        try {
            enrolled = Instant.parse(root.path("enrolledAt").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(what + ": \"enrolledAt\" is not an ISO-8601 instant");
        }
        return new DeviceCredential(root.path("tenantId").asText(""), device, endpoints, ca, enrolled);
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("tenantId", tenantId);
        root.put("deviceId", device.id());
        root.put("deviceSecret", device.secret());
        ArrayNode cs = root.putArray("collectors");
        for (CollectorEndpoint c : collectors) {
            cs.addObject().put("url", c.url().toString()).put("geography", c.geography());
        }
        root.put("caPem", caPem);
        root.put("enrolledAt", enrolledAt.toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DeviceCredential[tenant=" + tenantId + ", device=" + device.id() + ", collectors=" + collectors + "]";
    }
}
