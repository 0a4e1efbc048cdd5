package dev.uplink.collector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.EnrollmentService;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/enroll} with {@code {"token": "...", "deviceName": "...", "tenantId": "...",
 * "deviceSecret": "..."}}: redeems a one-time token and answers {@code {"tenantId", "deviceId"}}.
 * The device chose its secret and sends it over the pinned TLS, so the collector keeps only its
 * hash and never sends it back; a retry of the same attempt (same token, same secret) gets the same
 * device. Without {@code deviceSecret} (older sensors) the collector draws the secret and answers it
 * as {@code deviceSecret}, in this response and nowhere else. A secret is never logged.
 * {@code tenantId} (the onboarding file's) is optional for older sensors; when sent, a collector of
 * another tenant refuses before it touches the token (docs/behaviour.md#enrolment).
 */
final class EnrollHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollHandler.class);
    private static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final EnrollmentService enrollment;
    private final String tenantId;

    EnrollHandler(EnrollmentService enrollment, String tenantId) {
        this.enrollment = enrollment;
        this.tenantId = tenantId;
    }

    void handle(Exchange ex) {
        ex.readBody(MAX_BODY, "enrollment request", body -> enroll(body, ex.remote()));
    }

    private Reply enroll(byte[] body, String remote) throws IOException {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Reply.error(400, "enrollment request is not JSON: expected {\"token\":...,\"deviceName\":...}");
        }
        if (req == null
                || !req.path("token").isTextual()
                || !req.path("deviceName").isTextual()) {
            return Reply.error(400, "expected {\"token\": string, \"deviceName\": string}");
        }
        JsonNode fileTenant = req.path("tenantId");
        if (!fileTenant.isMissingNode()
                && !(fileTenant.isTextual()
                        && UUID_TEXT.matcher(fileTenant.textValue()).matches())) {
            return Reply.error(400, "tenantId must be the onboarding file's tenant id (a UUID) when given");
        }
        JsonNode deviceSecret = req.path("deviceSecret");
        if (!deviceSecret.isMissingNode() && !deviceSecret.isTextual()) {
            return Reply.error(400, "deviceSecret must be a string when given");
        }
        boolean chosenByDevice = deviceSecret.isTextual();
        try {
            EnrollmentService.Enrolled e = enrollment.enroll(
                    req.get("token").textValue(),
                    req.get("deviceName").textValue(),
                    fileTenant.isMissingNode() ? null : fileTenant.textValue(),
                    chosenByDevice ? deviceSecret.textValue() : null);
            if (e.retried()) {
                LOG.info(
                        "answered a retried enrollment of device {} ({}) from {} again",
                        e.credential().id(),
                        e.deviceName(),
                        remote);
            } else {
                LOG.info("enrolled device {} ({}) from {}", e.credential().id(), e.deviceName(), remote);
            }
            if (chosenByDevice) {
                return Reply.json(
                        200,
                        Map.of("tenantId", tenantId, "deviceId", e.credential().id()));
            }
            return Reply.json(
                    200,
                    Map.of(
                            "tenantId",
                            tenantId,
                            "deviceId",
                            e.credential().id(),
                            "deviceSecret",
                            e.credential().secret()));
        } catch (AuthException e) {
            LOG.info("refused enrollment from {}: {}", remote, e.getMessage());
            return Reply.error(e.status(), e.code(), e.getMessage());
        }
    }
}
