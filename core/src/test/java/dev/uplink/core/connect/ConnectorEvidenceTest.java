package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.CannedProxy;
import dev.uplink.core.testing.TestCrls;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pki;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No success without evidence that the service answered (docs/behaviour.md#answers-and-evidence):
 * non-Squid proxies that answer in the service's place, and CRL content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorEvidenceTest {

    private static final String CRL_HOST = "crl.example.com";
    private static final String CRL_PATH = "/pki/crl/products/TestRoot.crl";

    private TlsOrigin origin;
    private Connector connector;
    private byte[] crl;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        crl = TestCrls.der(Pki.createCa("uplink test CRL issuer"));
        TestCrls.check(crl);
        origin.respond(CRL_PATH, new TlsOrigin.Response(200, Headers.EMPTY, crl, false));
        origin.respond("/garbage.crl", 200, "<html>not a CRL</html>");
        connector = new Connector(HostResolver.of(Map.of(CRL_HOST, InetAddress.getLoopbackAddress())));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private static Request.Builder crlRequest(String url) {
        return Request.get(url).expect(Expect.CRL).readTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aBlueCoatRefusalOfAnAnyProbeIsProxyDenied() throws Exception {
        // Issue 9: "Succeeded (403)" for crl.microsoft.com with ProbeExpect=any through Blue Coat.
        try (CannedProxy bluecoat = CannedProxy.start(403, Map.of("Via", "1.1 bluecoat-sg"), "Access denied")) {
            Outcome o = connector.execute(
                    Request.get("http://" + CRL_HOST + "/").expect(Expect.ANY).build(),
                    Route.proxy(bluecoat.address()));
            assertEquals(Diagnosis.PROXY_DENIED, o.diagnosis(), o::toString);
            assertTrue(o.answeredByProxy());
            assertTrue(o.detail().contains("Blue Coat/Symantec ProxySG: Via: 1.1 bluecoat-sg"), o.detail());
            assertEquals(
                    "GET http://" + CRL_HOST + "/ HTTP/1.1",
                    bluecoat.requestLines().get(0));
        }
    }

    @Test
    void aBlueCoatRefusalOfACrlProbeIsProxyDenied() throws Exception {
        try (CannedProxy bluecoat = CannedProxy.start(403, Map.of("Via", "1.1 bluecoat-sg"), "Access denied")) {
            Outcome o = connector.execute(
                    crlRequest("http://" + CRL_HOST + CRL_PATH).build(), Route.proxy(bluecoat.address()));
            assertEquals(Diagnosis.PROXY_DENIED, o.diagnosis(), o::toString);
        }
    }

    @Test
    void aRefusalWithoutAnySignIsAnUnverifiedAnswer() throws Exception {
        try (CannedProxy silent = CannedProxy.start(403, Map.of("Content-Type", "text/html"), "<h1>Forbidden</h1>")) {
            Outcome o = connector.execute(
                    Request.get("http://" + CRL_HOST + "/").expect(Expect.ANY).build(), Route.proxy(silent.address()));
            assertEquals(Diagnosis.UNVERIFIED_ANSWER, o.diagnosis(), o::toString);
            assertEquals(403, o.httpStatus());
            assertTrue(o.detail().contains("not verifiably the service's"), o.detail());

            Outcome expected200 = connector.execute(
                    Request.get("http://" + CRL_HOST + "/")
                            .expect(Expect.status(200))
                            .build(),
                    Route.proxy(silent.address()));
            assertEquals(Diagnosis.UNVERIFIED_ANSWER, expected200.diagnosis(), expected200::toString);
        }
    }

    @Test
    void aBlockPageWithTheExpectedStatusIsStillTheProxys() throws Exception {
        // A Zscaler caution page comes as 200: the page text, not the status, tells.
        try (CannedProxy zscaler = CannedProxy.start(
                200,
                Map.of("Content-Type", "text/html"),
                "<title>Caution</title><p>Internet Security by Zscaler</p>")) {
            Outcome o = connector.execute(
                    Request.get("http://" + CRL_HOST + "/ping")
                            .expect(Expect.status(200))
                            .build(),
                    Route.proxy(zscaler.address()));
            assertEquals(Diagnosis.PROXY_DENIED, o.diagnosis(), o::toString);
        }
    }

    @Test
    void aRealCrlThroughAProxySucceeds() throws Exception {
        // The proxy relays the service's CRL (canned here): the CRL itself is the evidence.
        try (CannedProxy relay = CannedProxy.start(200, Map.of("Via", "1.1 bluecoat-sg"), crl)) {
            Outcome o = connector.execute(
                    crlRequest("http://" + CRL_HOST + CRL_PATH).build(), Route.proxy(relay.address()));
            assertTrue(o.succeeded(), o::toString);
        }
    }

    @Test
    void aCrlFromTheServiceSucceedsDirect() {
        Outcome o =
                connector.execute(crlRequest(origin.httpUrl(CRL_HOST, CRL_PATH)).build());
        assertTrue(o.succeeded(), o::toString);
        assertEquals(200, o.httpStatus());
    }

    @Test
    void aGarbageBodyIsNotACrl() throws Exception {
        Outcome direct = connector.execute(
                crlRequest(origin.httpUrl(CRL_HOST, "/garbage.crl")).build());
        assertEquals(Diagnosis.UNVERIFIED_ANSWER, direct.diagnosis(), direct::toString);
        assertTrue(direct.detail().contains("is not an X.509 CRL"), direct.detail());

        try (CannedProxy relay = CannedProxy.start(200, Map.of(), "<html>welcome to the hotel wifi</html>")) {
            Outcome o = connector.execute(
                    crlRequest("http://" + CRL_HOST + CRL_PATH).build(), Route.proxy(relay.address()));
            assertEquals(Diagnosis.UNVERIFIED_ANSWER, o.diagnosis(), o::toString);
        }
    }

    @Test
    void aCrlLargerThanTheBodyLimitCannotBeChecked() {
        Outcome o = connector.execute(crlRequest(origin.httpUrl(CRL_HOST, CRL_PATH))
                .maxBodyBytes(crl.length - 1)
                .build());
        assertEquals(Diagnosis.UNVERIFIED_ANSWER, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("could not be checked as a CRL"), o.detail());
    }

    @Test
    void aWrongStatusFromTheServiceItselfStaysAnHttpError() {
        Outcome o = connector.execute(Request.get(origin.httpUrl(CRL_HOST, "/missing"))
                .expect(Expect.status(200))
                .build());
        assertEquals(Diagnosis.HTTP_ERROR, o.diagnosis(), o::toString);
    }
}
