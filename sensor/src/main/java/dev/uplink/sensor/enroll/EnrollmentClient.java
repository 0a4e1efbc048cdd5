package dev.uplink.sensor.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.protocol.OnboardingPackage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device side of {@code POST /v1/enroll}: redeems the onboarding file's token with the first
 * collector that answers, and returns the device credential to store. A refusal (401/403/400) stops
 * at once — the token is one-time and shared by all the file's collectors — while an unreachable or
 * failing collector (I/O error, 5xx, 429) moves on to the next one. The request carries the file's
 * tenant, so that a collector of another tenant refuses (403 {@code wrong_tenant}) before it spends
 * the token; that refusal also moves on, since the token is still good (docs/behaviour.md#enrolment).
 *
 * <p>The device chooses its secret itself ({@link EnrollmentAttempt}) and sends it with the token,
 * so moving on after a lost answer is safe: a collector that sees the token already redeemed with
 * this same secret answers the same device id again instead of "already used".
 */
public final class EnrollmentClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enrollment replies are small JSON objects; anything larger is refused. */
    static final int MAX_REPLY = 64 * 1024;
    /** The collector's {@code code} for "not my tenant; your token was not touched". */
    static final String WRONG_TENANT = "wrong_tenant";

    private final HttpCall http;
    private final Clock clock;

    public EnrollmentClient(HttpCall http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** Enrolls with a fresh attempt: retries within this call are safe, a later call starts over. */
    public DeviceCredential enroll(OnboardingPackage pkg, String deviceName) throws IOException {
        return enroll(pkg, deviceName, EnrollmentAttempt.fresh(pkg));
    }

    /** Enrolls as {@code attempt}, e.g. one kept in the state directory since an earlier, unanswered try. */
    public DeviceCredential enroll(OnboardingPackage pkg, String deviceName, EnrollmentAttempt attempt)
            throws IOException {
        if (!attempt.tokenId().equals(pkg.enrollmentToken().id())) {
            throw new IllegalArgumentException("the enrollment attempt is for another token");
        }
        byte[] body = JSON.writeValueAsBytes(Map.of(
                "token",
                pkg.enrollmentToken().reveal(),
                "deviceName",
                deviceName,
                "tenantId",
                pkg.tenantId(),
                "deviceSecret",
                attempt.deviceSecret()));
        List<String> failures = new ArrayList<>();
        int wrongTenant = 0;
        for (CollectorEndpoint c : pkg.collectors()) {
            URI url = c.resolve("/v1/enroll");
            HttpCall.Reply reply;
            try {
                reply = http.send("POST", url, Map.of("Content-Type", "application/json"), body);
            } catch (IOException e) {
                failures.add(url + ": " + e.getMessage());
                continue;
            }
            int s = reply.status();
            if (s == 200) {
                return credential(pkg, reply, url, attempt);
            }
            String reason = reason(reply);
            if (s == 403 && WRONG_TENANT.equals(code(reply))) {
                wrongTenant++;
                failures.add(url + ": serves another tenant");
                continue;
            }
            if (s == 400 || s == 401 || s == 403) {
                throw new EnrollmentRefusedException(
                        s,
                        "collector " + url + " refused the enrollment (" + s + "): " + reason
                                + "; ask for a new onboarding file");
            }
            failures.add(url + ": HTTP " + s + " " + reason);
        }
        if (wrongTenant == pkg.collectors().size()) {
            // The file itself is wrong (or its URLs are): retrying will not help, but the token is intact.
            throw new EnrollmentRefusedException(
                    403,
                    "no collector in the onboarding file serves its tenant " + pkg.tenantId() + " ("
                            + String.join("; ", failures) + "); the enrollment token was not used");
        }
        throw new IOException("enrollment failed, no collector accepted it: " + String.join("; ", failures));
    }

    /** The machine-readable {@code code} of a collector's JSON error, or null. */
    private static String code(HttpCall.Reply reply) {
        if (reply.body() == null || reply.body().length == 0 || reply.body().length > MAX_REPLY) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(reply.body());
            return n != null && n.path("code").isTextual() ? n.get("code").textValue() : null;
        } catch (IOException e) {
            return null; // not our JSON (a proxy's page): no code
        }
    }

    private DeviceCredential credential(OnboardingPackage pkg, HttpCall.Reply reply, URI url, EnrollmentAttempt attempt)
            throws IOException {
        JsonNode r = replyJson(reply, url);
        // A collector older than device-chosen secrets ignores ours and answers the one it drew.
        String secret =
                r.path("deviceSecret").isTextual() ? r.get("deviceSecret").textValue() : attempt.deviceSecret();
        IdAndSecret device = IdAndSecret.parse(r.path("deviceId").asText("") + "." + secret, IdAndSecret.DEVICE_ID)
                .orElseThrow(() -> new IOException("collector " + url + " sent a malformed enrollment reply"));
        String tenant = r.path("tenantId").asText("");
        if (!tenant.equals(pkg.tenantId())) {
            // Enrolled with a collector of another tenant: its events would land in the wrong place.
            throw new IOException("collector " + url + " belongs to tenant " + tenant
                    + ", but the onboarding file is for tenant " + pkg.tenantId());
        }
        return new DeviceCredential(tenant, device, pkg.collectors(), pkg.caPem(), clock.instant());
    }

    private static JsonNode replyJson(HttpCall.Reply reply, URI url) throws IOException {
        if (reply.body() == null || reply.body().length > MAX_REPLY) {
            throw new IOException("collector " + url + " sent an empty or oversized enrollment reply");
        }
        try {
            JsonNode n = JSON.readTree(reply.body());
            if (n == null || !n.isObject()) {
                throw new IOException("collector " + url + " sent a non-object enrollment reply");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("collector " + url + " sent an enrollment reply that is not JSON");
        }
    }

    private static String reason(HttpCall.Reply reply) {
        if (reply.body() == null || reply.body().length == 0 || reply.body().length > MAX_REPLY) {
            return "(no reason given)";
        }
        try {
            JsonNode n = JSON.readTree(reply.body());
            if (n != null && n.path("error").isTextual()) {
                return n.get("error").textValue();
            }
        } catch (IOException e) {
            // Not our JSON error body (a proxy's HTML page, say): show a short, safe excerpt instead.
        }
        String text = new String(reply.body(), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", " ")
                .strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
