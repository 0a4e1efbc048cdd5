package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.lab.origin.DemoOrigin;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo proxy in inspecting mode: clients see the inspection CA, the service is still reached. */
class InspectingProxyTest {
    private static final String HOST = "x.cp.wd.microsoft.com";
    private static final String EXEMPT = "exempt.microsoft.com";

    private static KeyAndChain serviceCa;
    private static KeyAndChain inspectionCa;
    private static DemoOrigin origin;
    private static DemoProxy proxy;
    private static InetSocketAddress proxyAddress;

    @BeforeAll
    static void start() throws Exception {
        serviceCa = Pki.createCa("uplink test service CA");
        inspectionCa = Pki.createCa("uplink test inspection CA");
        origin = new DemoOrigin(Pki.serverContext(Pki.issueServer(serviceCa, List.of(HOST, EXEMPT))));
        origin.start();
        proxy = DemoProxy.builder()
                .allowlist(DestinationAllowlist.of(".microsoft.com"))
                .resolverRules(HostResolverRules.builder()
                        .mapToLoopback(".microsoft.com", 443, origin.httpsPort())
                        .build())
                .inspect(new TlsInspection(
                        inspectionCa,
                        Pki.sslContext(null, TrustMaterial.only(serviceCa.certificate())),
                        Set.of("Exempt.Microsoft.com")))
                .build();
        proxyAddress = proxy.start();
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
        origin.stop();
    }

    private static HttpResponse<String> get(SSLContext trust) throws Exception {
        return get(trust, HOST);
    }

    private static HttpResponse<String> get(SSLContext trust, String host) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxyAddress))
                .sslContext(trust)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("https://" + host + "/api/report"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientTrustingTheInspectionCaReachesTheServiceAndSeesTheInspectionIssuer() throws Exception {
        HttpResponse<String> r = get(Pki.sslContext(null, TrustMaterial.only(inspectionCa.certificate())));
        assertEquals(200, r.statusCode());
        assertEquals("uplink-demo-origin", r.headers().firstValue("Server").orElse(""));
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(inspectionCa.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertTrue(leaf.getSubjectAlternativeNames().toString().contains(HOST), leaf.toString());
    }

    @Test
    void aClientTrustingOnlyTheServiceCaRefusesTheInspectedConnection() {
        assertThrows(
                SSLHandshakeException.class,
                () -> get(Pki.sslContext(null, TrustMaterial.only(serviceCa.certificate()))));
    }

    @Test
    void anExemptHostIsTunnelledUntouched() throws Exception {
        HttpResponse<String> r = get(Pki.sslContext(null, TrustMaterial.only(serviceCa.certificate())), EXEMPT);
        assertEquals(200, r.statusCode());
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(serviceCa.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
    }
}
