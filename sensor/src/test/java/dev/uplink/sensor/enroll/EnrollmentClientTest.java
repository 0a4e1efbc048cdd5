package dev.uplink.sensor.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.protocol.OnboardingPackage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device side of enrolment against scripted collector answers (no network). */
class EnrollmentClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = "0b7c4a8e-2f1d-4c3b-9a8e-1d2c3b4a5f60";
    static final String DEVICE_SECRET = "D".repeat(43);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final OnboardingPackage pkg = new OnboardingPackage(
            TENANT,
            List.of(
                    CollectorEndpoint.parse("https://c1.example:8443", "EU", "url"),
                    CollectorEndpoint.parse("https://c2.example:8443", "US", "url")),
            null,
            new IdAndSecret("tok-0123456789abcdef", "T".repeat(43)),
            Instant.parse("2026-01-02T00:00:00Z"));

    /** Answers per collector host, recording every request body. */
    static final class ScriptedCollectors implements HttpCall {
        final Map<String, Reply> answers = new HashMap<>();
        final List<String> hosts = new ArrayList<>();
        final List<JsonNode> bodies = new ArrayList<>();

        ScriptedCollectors answer(String host, int status, String json) {
            answers.put(host, new Reply(status, json.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        @Override
        public Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
            hosts.add(url.getHost());
            bodies.add(JSON.readTree(body));
            Reply r = answers.get(url.getHost());
            if (r == null) {
                throw new IOException("connection refused");
            }
            return r;
        }
    }

    static String enrolled(String tenant) {
        return "{\"tenantId\":\"" + tenant + "\",\"deviceId\":\"dev-00000000000000aa\",\"deviceSecret\":\""
                + DEVICE_SECRET + "\"}";
    }

    static final String WRONG_TENANT = "{\"error\":\"this collector does not serve tenant " + TENANT
            + " (the onboarding file's);" + " the enrollment token was not used\",\"code\":\"wrong_tenant\"}";

    @Test
    void theRequestCarriesTheOnboardingFilesTenantSoTheCollectorCanRefuseBeforeSpendingTheToken() throws Exception {
        ScriptedCollectors c = new ScriptedCollectors().answer("c1.example", 200, enrolled(TENANT));
        DeviceCredential d = new EnrollmentClient(c, CLOCK).enroll(pkg, "laptop");
        assertEquals("dev-00000000000000aa", d.deviceId());
        assertEquals(TENANT, c.bodies.get(0).path("tenantId").asText(null));
        assertEquals("laptop", c.bodies.get(0).path("deviceName").asText());
    }

    @Test
    void theDeviceSendsItsOwnSecretAndKeepsItWhenTheCollectorDoesNotAnswerOne() throws Exception {
        // A collector that took the device's secret answers only the id (docs/behaviour.md#enrolment).
        ScriptedCollectors c = new ScriptedCollectors()
                .answer("c1.example", 200, "{\"tenantId\":\"" + TENANT + "\",\"deviceId\":\"dev-00000000000000bb\"}");
        EnrollmentAttempt attempt = EnrollmentAttempt.fresh(pkg);
        DeviceCredential d = new EnrollmentClient(c, CLOCK).enroll(pkg, "laptop", attempt);
        assertEquals(
                attempt.deviceSecret(), c.bodies.get(0).path("deviceSecret").asText());
        assertEquals("dev-00000000000000bb", d.deviceId());
        assertEquals("Bearer dev-00000000000000bb." + attempt.deviceSecret(), d.authorizationHeader());
    }

    @Test
    void aCollectorThatDrewTheSecretItselfIsBelieved() throws Exception {
        // An older collector ignores deviceSecret and answers the one it drew: that is what it stored.
        ScriptedCollectors c = new ScriptedCollectors().answer("c1.example", 200, enrolled(TENANT));
        DeviceCredential d = new EnrollmentClient(c, CLOCK).enroll(pkg, "laptop", EnrollmentAttempt.fresh(pkg));
        assertEquals("Bearer dev-00000000000000aa." + DEVICE_SECRET, d.authorizationHeader());
    }

    @Test
    void aLostAnswerIsRetriedOnTheNextCollectorWithTheSameSecret() throws Exception {
        ScriptedCollectors c = new ScriptedCollectors().answer("c2.example", 200, enrolled(TENANT));
        new EnrollmentClient(c, CLOCK).enroll(pkg, "laptop");
        assertEquals(List.of("c1.example", "c2.example"), c.hosts);
        String secret = c.bodies.get(0).path("deviceSecret").asText();
        assertTrue(dev.uplink.core.protocol.IdAndSecret.looksLikeSecret(secret));
        assertEquals(secret, c.bodies.get(1).path("deviceSecret").asText());
    }

    @Test
    void aCollectorOfAnotherTenantIsSkippedBecauseTheTokenIsStillUnused() throws Exception {
        ScriptedCollectors c = new ScriptedCollectors()
                .answer("c1.example", 403, WRONG_TENANT)
                .answer("c2.example", 200, enrolled(TENANT));
        DeviceCredential d = new EnrollmentClient(c, CLOCK).enroll(pkg, "laptop");
        assertEquals(List.of("c1.example", "c2.example"), c.hosts);
        assertEquals("dev-00000000000000aa", d.deviceId());
    }

    @Test
    void whenEveryCollectorServesAnotherTenantTheRefusalSaysSoAndThatTheTokenIsUnused() {
        ScriptedCollectors c = new ScriptedCollectors()
                .answer("c1.example", 403, WRONG_TENANT)
                .answer("c2.example", 403, WRONG_TENANT);
        var e = assertThrows(EnrollmentRefusedException.class, () -> new EnrollmentClient(c, CLOCK).enroll(pkg, "x"));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains(TENANT) && e.getMessage().contains("not used"), e.getMessage());
        assertTrue(e.getMessage().contains("c1.example") && e.getMessage().contains("c2.example"), e.getMessage());
        assertFalse(e.getMessage().contains(pkg.enrollmentToken().secret()), "no secret in the message");
    }

    @Test
    void anyOtherRefusalStillStopsAtOnceBecauseTheTokenMayBeSpent() {
        ScriptedCollectors c = new ScriptedCollectors()
                .answer("c1.example", 403, "{\"error\":\"enrollment token tok-0123456789abcdef was already used\"}")
                .answer("c2.example", 200, enrolled(TENANT));
        var e = assertThrows(EnrollmentRefusedException.class, () -> new EnrollmentClient(c, CLOCK).enroll(pkg, "x"));
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
        assertEquals(List.of("c1.example"), c.hosts);
    }

    @Test
    void anOlderCollectorThatEnrolsForAnotherTenantIsStillCaughtAfterwards() {
        // A collector that ignores tenantId spends the token; the reply's tenant is the last check.
        ScriptedCollectors c =
                new ScriptedCollectors().answer("c1.example", 200, enrolled("11111111-2222-3333-4444-555555555555"));
        var e = assertThrows(IOException.class, () -> new EnrollmentClient(c, CLOCK).enroll(pkg, "x"));
        assertTrue(e.getMessage().contains("belongs to tenant 11111111-2222-3333-4444-555555555555"), e.getMessage());
        assertFalse(e.getMessage().contains(DEVICE_SECRET), "no secret in the message");
    }
}
