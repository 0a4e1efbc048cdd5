package dev.uplink.core.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.FixedRoutes;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Basic proxy authentication through the routed call against a real Squid with basic_ncsa_auth:
 * CONNECT and plain HTTP, a plain-HTTP proxy only with --allow-cleartext, an HTTPS proxy always,
 * wrong passwords, the policy switch, and kept connections staying authenticated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyAuthSquidTest {

    private static final String HOST = "svc.example.com";
    private static final String USER = "alice";
    private static final String PASSWORD = "pa55-w0rd-squid";

    private TlsOrigin origin;
    private SquidHarness squid;
    private Connector connector;
    private TrustMaterial trust;

    @TempDir
    Path config;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        origin = TlsOrigin.start("*.example.com", "localhost", "127.0.0.1");
        squid = SquidHarness.builder()
                .allowDomains(".example.com")
                .hosts(HOST)
                .trustOrigin(origin.caCertificate())
                .user(USER, PASSWORD)
                .start();
        connector = new Connector(HostResolver.of(Map.of(HOST, InetAddress.getLoopbackAddress())));
        // The service's CA and the CA of the HTTPS proxy's own certificate.
        trust = TrustMaterial.only(origin.caCertificate(), squid.bumpCaCertificate());
    }

    @AfterAll
    void stop() {
        if (squid != null) {
            squid.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private ProxyAuthenticator basic(String password, boolean allowCleartext, Integer disable) {
        ProxyAuthStore store = new ProxyAuthStore(config);
        store.save(ProxyAuthSettings.basic(USER, allowCleartext), password.getBytes(StandardCharsets.UTF_8));
        return ProxyAuthPolicy.of(new MachinePolicy(null, disable), store);
    }

    private RoutedCall call(Route route, ProxyAuthenticator auth, boolean reuse) {
        CallProfile p = CallProfile.of(trust, Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024)
                .withReuseConnections(reuse);
        return new RoutedCall(new FixedRoutes(List.of(route)), connector, p, auth);
    }

    private Request.Builder get(boolean https) {
        return Request.get(https ? origin.httpsUrl(HOST, "/ping") : origin.httpUrl(HOST, "/ping"))
                .expect(Expect.status(200));
    }

    private static Route plain(HostPort hp) {
        return Route.proxy(hp);
    }

    private static Route tls(HostPort hp) {
        return new Route(Route.Type.HTTPS, hp);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void withoutCredentialsThe407NamesTheOfferAndWhy(boolean https) {
        Outcome o = call(plain(squid.authProxy()), ProxyAuthenticator.NONE, false)
                .execute(get(https))
                .outcome();
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("the proxy offers Basic realm=\"uplink-test\""), o.detail());
        assertTrue(
                o.detail().endsWith("uplink has no proxy credentials (none configured: see 'uplink proxyauth set')"),
                o.detail());
        assertNull(o.proxyAuthScheme());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void basicGoesToAPlainProxyOnlyWithAllowCleartext(boolean https) throws Exception {
        Outcome refused = call(plain(squid.authProxy()), basic(PASSWORD, false, null), false)
                .execute(get(https))
                .outcome();
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, refused.diagnosis(), refused::toString);
        assertTrue(
                refused.detail().contains("not sent to the plain-HTTP proxy " + squid.authProxy()), refused.detail());
        assertNull(refused.proxyAuthScheme());

        Outcome ok = call(plain(squid.authProxy()), basic(PASSWORD, true, null), false)
                .execute(get(https))
                .outcome();
        assertTrue(ok.succeeded(), ok::toString);
        assertEquals(200, ok.httpStatus());
        assertEquals("Basic", ok.proxyAuthScheme());
        assertTrue(
                squid.accessLogSince("", log -> log.contains(" " + USER + " ")).contains(" " + USER + " "),
                "Squid logged the user");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void basicGoesToAnHttpsProxyWithoutAllowCleartext(boolean https) {
        Outcome ok = call(tls(squid.tlsAuthProxy()), basic(PASSWORD, false, null), false)
                .execute(get(https))
                .outcome();
        assertTrue(ok.succeeded(), ok::toString);
        assertEquals("Basic", ok.proxyAuthScheme());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aWrongPasswordIsProxyAuthFailedAndNeverPrinted(boolean https) {
        String wrong = "not-the-pa55word";
        Outcome o = call(tls(squid.tlsAuthProxy()), basic(wrong, false, null), false)
                .execute(get(https))
                .outcome();
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("credentials rejected"), o.detail());
        assertTrue(o.detail().contains("user '" + USER + "'"), o.detail());
        String b64 = Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8));
        assertFalse(o.toString().contains(wrong) || o.toString().contains(b64), o::toString);
    }

    @Test
    void disableEnterpriseAuthProxyIsAHardOffSwitch() throws Exception {
        String before = squid.accessLog();
        Outcome o = call(tls(squid.tlsAuthProxy()), basic(PASSWORD, true, 1), false)
                .execute(get(true))
                .outcome();
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("DisableEnterpriseAuthProxy=1 forbids it"), o.detail());
        assertNull(o.proxyAuthScheme());
        // Squid logs the user name of any credentials it received, accepted or not.
        String added = squid.accessLog().substring(before.length());
        assertFalse(added.contains(USER), added);
    }

    @Test
    void aKeptConnectionStaysAuthenticatedAndLaterCallsSendUpFront() throws Exception {
        RoutedCall c = call(plain(squid.authProxy()), basic(PASSWORD, true, null), true);
        String before = squid.accessLog();
        for (int i = 0; i < 4; i++) {
            CallResult r = c.execute(get(false));
            assertTrue(r.outcome().succeeded(), r.outcome()::toString);
            assertEquals("Basic", r.outcome().proxyAuthScheme());
        }
        List<String> lines = squid.accessLogSince(
                        before,
                        log -> log.lines().filter(l -> l.contains("/200 ")).count() >= 4)
                .lines()
                .toList();
        long challenges = lines.stream().filter(l -> l.contains("/407 ")).count();
        long ok = lines.stream().filter(l -> l.contains("/200 ")).count();
        assertEquals(1, challenges, String.join("\n", lines));
        assertEquals(4, ok, String.join("\n", lines));
        assertTrue(connector.idleConnections() >= 1);
        c.closeIdleConnections();
    }

    @Test
    void theSecretFileIsRefusedWhenOthersCanReadIt() throws Exception {
        basic(PASSWORD, false, null);
        Path secret = config.resolve(ProxyAuthStore.SECRET_FILE);
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Outcome o = call(
                        tls(squid.tlsAuthProxy()),
                        new ConfiguredProxyAuth(new dev.uplink.core.config.ConfigStore(config)),
                        false)
                .execute(get(true))
                .outcome();
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("accessible by other users"), o.detail());
        assertFalse(o.detail().contains(PASSWORD));
    }
}
