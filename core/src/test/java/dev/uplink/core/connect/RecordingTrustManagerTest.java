package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.Deadline;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recorder of a real handshake: which check failed decides the diagnosis
 * (docs/behaviour.md#where-each-failure-is-classified), and a chain that passes is validated once,
 * not once for the path and again with the host name (the analyzer's CPU: bench/analyzer/README.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingTrustManagerTest {

    private TlsOrigin origin;
    private TlsOrigin expired;
    private X509Certificate otherRoot;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        KeyAndChain ca = Pki.createCa("Expired Chain CA");
        expired = TlsOrigin.start(ca, List.of("*.example.com"), Duration.ofMinutes(-30));
        otherRoot = Pki.createCa("Some Other Root").certificate();
    }

    @AfterAll
    void stop() {
        origin.close();
        expired.close();
    }

    /** One row per verdict; {@code validations}: how often the chain was validated (-1: not counted). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                        host,              trust,  pins,    origin,  verdict,  validations
        "trusted,                       svc.example.com,   origin, none,    origin,  ok,       1",
        "trusted and pinned,            svc.example.com,   origin, origin,  origin,  ok,       1",
        "untrusted issuer,              svc.example.com,   other,  none,    origin,  path,     -1",
        "untrusted and pinned,          svc.example.com,   other,  origin,  origin,  path,     -1",
        "expired,                       svc.example.com,   origin, none,    expired, path,     -1",
        "host name mismatch,            wrong.test,        origin, none,    origin,  identity, -1",
        "trusted but pinned elsewhere,  svc.example.com,   origin, other,   origin,  pin,      -1",
        "pinned elsewhere and mismatch, wrong.test,        origin, other,   origin,  pin,      -1",
    })
    void recordsWhichCheckFailedAndValidatesAPassingChainOnce(
            String name, String host, String trust, String pins, String server, String verdict, int validations)
            throws Exception {
        TlsOrigin peer = server.equals("expired") ? expired : origin;
        TrustMaterial material = trust.equals("origin") ? peer.trust() : TrustMaterial.only(otherRoot);
        CaPins caPins = switch (pins) {
            case "origin" -> CaPins.of(List.of(peer.caCertificate()));
            case "other" -> CaPins.of(List.of(otherRoot));
            default -> CaPins.NONE;
        };
        Counting counting = new Counting(material.trustManager());
        RecordingTrustManager recorder = new RecordingTrustManager(counting, caPins);
        Request req = Request.get("https://" + host + ":" + peer.httpsPort() + "/ping")
                .trust(material)
                .pins(caPins)
                .build();

        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.httpsPort()), 2000);
        ConnectFailure caught = null;
        try {
            TlsHandshake.start(plain, host, peer.httpsPort(), req, new Deadline(Duration.ofSeconds(5)), false, recorder)
                    .socket()
                    .close();
        } catch (ConnectFailure f) {
            caught = f;
        } finally {
            plain.close();
        }
        ConnectFailure failure = caught;

        assertFalse(recorder.chain().isEmpty(), "the chain is recorded as sent, also on failure");
        switch (verdict) {
            case "ok" -> {
                assertNull(failure, () -> failure.detail());
                assertNull(recorder.pathFailure());
                assertNull(recorder.pinFailure());
                assertNull(recorder.identityFailure());
            }
            case "path" -> {
                assertTrue(failure != null && recorder.pathFailure() != null, name);
                assertNull(recorder.pinFailure(), "pins are only checked on a valid chain");
                assertNull(recorder.identityFailure());
            }
            case "pin" -> {
                assertTrue(failure != null && recorder.pinFailure() != null, name);
                assertEquals(Diagnosis.TLS_INTERCEPTED, failure.diagnosis, failure::detail);
                assertNull(recorder.pathFailure());
                assertNull(recorder.identityFailure(), "pins are checked before the host name");
            }
            case "identity" -> {
                assertTrue(failure != null && recorder.identityFailure() != null, name);
                assertEquals(Diagnosis.TLS_FAILURE, failure.diagnosis, failure::detail);
                assertNull(recorder.pathFailure());
                assertNull(recorder.pinFailure());
            }
            default -> throw new IllegalArgumentException(verdict);
        }
        if (validations >= 0) {
            assertEquals(validations, counting.validations.get(), "chain validations in one handshake");
        }
    }

    /** The real trust manager, counting every validation it is asked for. */
    private static final class Counting extends X509ExtendedTrustManager {
        final AtomicInteger validations = new AtomicInteger();
        private final X509ExtendedTrustManager real;

        Counting(X509ExtendedTrustManager real) {
            this.real = real;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            validations.incrementAndGet();
            real.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            validations.incrementAndGet();
            real.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            validations.incrementAndGet();
            real.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            real.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            real.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            real.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return real.getAcceptedIssuers();
        }
    }
}
