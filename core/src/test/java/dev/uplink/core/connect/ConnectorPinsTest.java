package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Certificate pins: a trusted chain that leads to no pinned CA is interception (docs/behaviour.md#certificate-pins). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorPinsTest {

    private static final String SVC = "svc.example.com";

    private TlsOrigin origin;
    private Connector connector;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        connector = new Connector(HostResolver.of(Map.of(SVC, InetAddress.getLoopbackAddress())));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private Request.Builder get() {
        // The origin's CA is trusted, as an inspection CA installed on the machine would be.
        return Request.get(origin.httpsUrl(SVC, "/ping"))
                .trust(TrustMaterial.jdkDefaultsPlus(List.of(origin.caCertificate())))
                .expect(Expect.status(200));
    }

    @Test
    void trustedChainToAnotherCaThanThePinnedOneIsInterceptionNamingTheIssuer() {
        CaPins expected =
                CaPins.of(List.of(Pki.createCa("the service's real root").certificate()));
        Outcome o = connector.execute(get().pins(expected).build());
        assertEquals(Diagnosis.TLS_INTERCEPTED, o.diagnosis(), o::toString);
        String issuer = origin.caCertificate().getSubjectX500Principal().getName();
        assertTrue(o.detail().contains("issued by '" + issuer + "'"), o.detail());
        assertTrue(o.detail().contains("not one of the CAs pinned"), o.detail());
        assertEquals(issuer, o.serverIssuer());
    }

    @Test
    void chainToThePinnedCaSucceeds() {
        Outcome o = connector.execute(
                get().pins(CaPins.of(List.of(origin.caCertificate()))).build());
        assertTrue(o.succeeded(), o::toString);
    }

    @Test
    void anyOfSeveralPinsWillDo() {
        CaPins pins = CaPins.of(List.of(Pki.createCa("another root").certificate(), origin.caCertificate()));
        assertTrue(connector.execute(get().pins(pins).build()).succeeded());
    }

    @Test
    void withoutPinsAnyTrustedChainSucceeds() {
        assertTrue(connector.execute(get().build()).succeeded());
    }

    @Test
    void pinnedButUntrustedChainIsStillInterception() {
        // Pins narrow trust, they never widen it: the chain must validate first.
        Outcome o = connector.execute(get().trust(TrustMaterial.jdkDefaults())
                .pins(CaPins.of(List.of(origin.caCertificate())))
                .build());
        assertEquals(Diagnosis.TLS_INTERCEPTED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("not one of the expected roots"), o.detail());
    }
}
