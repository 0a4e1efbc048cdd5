package dev.uplink.lab.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.tls.Pki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The origin over plain HTTP on loopback; its TLS side is covered through the proxy in DemoProxyTest. */
class DemoOriginTest {

    private static SSLContext tls;
    private static DemoOrigin origin;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void start() throws Exception {
        tls = Pki.serverContext(Pki.issueServer(Pki.createCa("uplink test CA"), List.of("*.microsoft.com")));
        origin = new DemoOrigin(tls);
        origin.start();
    }

    @AfterAll
    static void stop() {
        origin.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @CsvSource({
        "/ping,            200, OK",
        "/test,            200, OK",
        "/api/report,      200, OK",
        "/api/report?x=1,  200, OK",
        "/,                200, uplink demo service",
        "/pkiops/crl,      200, uplink demo service",
    })
    void answersProbePathsAndAnythingElse(String path, int status, String body) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode());
        assertEquals(body, r.body().trim());
        assertEquals("uplink-demo-origin", r.headers().firstValue("Server").orElse(""));
    }

    @Test
    void overridesApplyWhileRunningAndCanBeCleared() throws Exception {
        origin.respond("/override", OriginResponse.text(503, "down for the demo"));
        assertEquals(503, get("/override").statusCode());
        assertEquals("down for the demo", get("/override").body());
        origin.respond("/empty", OriginResponse.text(204, ""));
        assertEquals(204, get("/empty").statusCode());
        origin.clearResponse("/override");
        assertEquals(200, get("/override").statusCode());
    }

    @Test
    void rejectsBadOverridesAndQueriesBeforeStart() {
        assertThrows(IllegalArgumentException.class, () -> origin.respond("ping", OriginResponse.ok()));
        assertThrows(IllegalArgumentException.class, () -> OriginResponse.text(42, "x"));
        DemoOrigin notStarted = new DemoOrigin(tls);
        assertThrows(IllegalStateException.class, notStarted::httpsPort);
        assertThrows(IllegalStateException.class, origin::start);
        assertThrows(NullPointerException.class, () -> new DemoOrigin(null));
    }
}
