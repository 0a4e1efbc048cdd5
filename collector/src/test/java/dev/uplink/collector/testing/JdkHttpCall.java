package dev.uplink.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * TEST ONLY: the device's side of the collector API over java.net.http, trusting exactly the given
 * CA, so the service's tests need no device-side code (that lives in the sensor module).
 */
public final class JdkHttpCall {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;

    public JdkHttpCall(List<X509Certificate> trusted) {
        this.client = HttpClient.newBuilder()
                .sslContext(Pki.sslContext(null, TrustMaterial.only(trusted)))
                .connectTimeout(Duration.ofSeconds(5))
                .proxy(java.net.ProxySelector.of(null))
                .build();
    }

    public HttpClient client() {
        return client;
    }

    /** The answer to {@code POST /v1/enroll}: the status, the JSON body, and the device on success. */
    public record Enrollment(int status, JsonNode body, IdAndSecret device) {
        public String error() {
            return body.path("error").asText("");
        }

        public String authorizationHeader() {
            return "Bearer " + device.reveal();
        }
    }

    /** Redeems the package's token with its first collector, as a device that does not send its tenant. */
    public Enrollment enroll(OnboardingPackage pkg, String deviceName) throws IOException {
        return enroll(pkg, Map.of("token", pkg.enrollmentToken().reveal(), "deviceName", deviceName));
    }

    /** Redeems the package's token, telling the collector which tenant the device expects ({@code tenantId}). */
    public Enrollment enroll(OnboardingPackage pkg, String deviceName, Object tenantId) throws IOException {
        return enroll(
                pkg, Map.of("token", pkg.enrollmentToken().reveal(), "deviceName", deviceName, "tenantId", tenantId));
    }

    /**
     * With the secret the device chose ({@code docs/behaviour.md#enrolment}): the collector does not
     * send it back, so the returned device carries this one.
     */
    public Enrollment enrollWithSecret(OnboardingPackage pkg, String deviceName, String deviceSecret)
            throws IOException {
        return enroll(
                pkg,
                Map.of(
                        "token",
                        pkg.enrollmentToken().reveal(),
                        "deviceName",
                        deviceName,
                        "tenantId",
                        pkg.tenantId(),
                        "deviceSecret",
                        deviceSecret));
    }

    private Enrollment enroll(OnboardingPackage pkg, Map<String, Object> request) throws IOException {
        byte[] body = JSON.writeValueAsBytes(request);
        URI url = pkg.collectors().get(0).resolve("/v1/enroll");
        HttpRequest r = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> resp = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode n = JSON.readTree(resp.body());
            IdAndSecret device = resp.statusCode() != 200
                    ? null
                    : IdAndSecret.parse(
                                    n.path("deviceId").asText("") + "."
                                            + n.path("deviceSecret")
                                                    .asText(String.valueOf(request.getOrDefault("deviceSecret", ""))),
                                    IdAndSecret.DEVICE_ID)
                            .orElseThrow(() -> new IOException("malformed enrollment reply: " + n));
            return new Enrollment(resp.statusCode(), n, device);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
