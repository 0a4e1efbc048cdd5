package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connection reuse (opt-in keep-alive) against a real TLS origin that counts its connections. */
class ConnectorReuseTest {
    private static final String SVC = "svc.example.com";

    private TlsOrigin origin;
    /** One instance: connections are shared per TrustMaterial instance. */
    private TrustMaterial trust;

    private final Connector connector = new Connector(HostResolver.system());

    @BeforeEach
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        trust = origin.trust();
    }

    @AfterEach
    void stop() {
        connector.closeIdleConnections();
        origin.close();
    }

    private Request post(boolean reuse, TrustMaterial trust) {
        return Request.builder("POST", origin.httpsUrl(SVC, "/ping"))
                .body(new byte[] {'x'})
                .trust(trust)
                .resolve(SVC, java.net.InetAddress.getLoopbackAddress())
                .reuseConnection(reuse)
                .expect(Expect.status(200))
                .build();
    }

    private List<Integer> connectionsOf(List<TlsOrigin.RecordedRequest> requests) {
        return requests.stream().map(TlsOrigin.RecordedRequest::connection).toList();
    }

    /**
     * keepAlive: requests the origin serves per connection (0: it always says close); reuse: the
     * request opts in. Expected: the connection number each of 4 requests arrived on, and the
     * Connection header sent.
     */
    @ParameterizedTest(name = "origin keep-alive {0}, reuse {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "100; true;  1,1,1,1; keep-alive; 1",
                "100; false; 1,2,3,4; close;      0",
                "0;   true;  1,2,3,4; keep-alive; 0",
                // The origin drops each connection after 2 requests without a word: the pooled
                // connection is found closed, and the request goes again on a fresh one (sent once).
                "2;   true;  1,1,2,2; keep-alive; 1",
                "1;   true;  1,2,3,4; keep-alive; 1",
            })
    void reusesOnlyWhatBothSidesKeepOpen(
            int keepAlive, boolean reuse, String connections, String header, int idleAfter) {
        origin.keepAlive(keepAlive);
        for (int i = 0; i < 4; i++) {
            Outcome o = connector.execute(post(reuse, trust), Route.DIRECT);
            assertTrue(o.succeeded(), o::toString);
            assertFalse(o.serverChain().isEmpty(), "the chain is known on a reused connection too");
        }
        List<TlsOrigin.RecordedRequest> seen = origin.requests();
        assertEquals(
                connections,
                String.join(
                        ",", connectionsOf(seen).stream().map(String::valueOf).toList()));
        assertTrue(seen.stream().allMatch(r -> header.equals(r.headers().get("Connection"))), seen::toString);
        // An origin that advertised keep-alive is pooled even if it is about to drop the connection:
        // that is only found out (and paid for with one retry) when the connection is next used.
        assertEquals(idleAfter, connector.idleConnections());
    }

    @Test
    void connectionsAreNotSharedAcrossTrust() {
        origin.keepAlive(100);
        assertEquals(trust, origin.trust(), "equal trust material shares connections");
        TrustMaterial other = TrustMaterial.only(
                origin.caCertificate(), Pki.createCa("another CA").certificate());
        assertTrue(connector.execute(post(true, trust), Route.DIRECT).succeeded());
        assertTrue(connector.execute(post(true, other), Route.DIRECT).succeeded());
        assertTrue(connector.execute(post(true, trust), Route.DIRECT).succeeded());
        assertEquals(List.of(1, 2, 1), connectionsOf(origin.requests()));
        assertEquals(2, connector.idleConnections());
        connector.closeIdleConnections();
        assertEquals(0, connector.idleConnections());
    }
}
