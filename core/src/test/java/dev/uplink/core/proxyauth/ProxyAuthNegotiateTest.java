package dev.uplink.core.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.core.call.CallProfile;
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
import dev.uplink.core.testing.KerberosRealm;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Negotiate (Kerberos through JGSS) against a real MIT KDC and a real Squid with
 * negotiate_kerberos_auth, one of each per class. The proxy is reached by a name
 * ({@code proxy.uplink.test}, mapped to 127.0.0.1 by the Connector's resolver): the service
 * principal is {@code HTTP/<proxy host>}, so a name it is registered under is what counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyAuthNegotiateTest {

    private static final String HOST = "svc.example.com";
    private static final String PROXY = "proxy.uplink.test";
    private static final String UNREGISTERED_PROXY = "other.uplink.test";
    /** Registered at the KDC, but its key is not in the proxy's keytab. */
    private static final String MISKEYED_PROXY = "miskeyed.uplink.test";

    private static final String DEVICE = "host/device.uplink.test@" + KerberosRealm.REALM;

    private KerberosRealm realm;
    private Path krb5;
    private Path deviceKeytab;
    private TlsOrigin origin;
    private SquidHarness squid;
    private Connector connector;

    @TempDir
    Path config;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        assumeTrue(KerberosRealm.isAvailable(), "needs Debian krb5-kdc + krb5-admin-server");
        realm = KerberosRealm.create();
        Path proxyKeytab = realm.addPrincipalWithKeytab("HTTP/" + PROXY, "proxy.keytab");
        deviceKeytab = realm.addPrincipalWithKeytab(DEVICE, "device.keytab");
        realm.kadmin("addprinc -randkey HTTP/" + MISKEYED_PROXY);
        krb5 = realm.startKdc("main", 0);
        origin = TlsOrigin.start("*.example.com", "127.0.0.1");
        squid = SquidHarness.builder()
                .hosts(HOST)
                .trustOrigin(origin.caCertificate())
                .negotiate(proxyKeytab, krb5)
                .start();
        InetAddress lo = InetAddress.getLoopbackAddress();
        connector =
                new Connector(HostResolver.of(Map.of(HOST, lo, PROXY, lo, UNREGISTERED_PROXY, lo, MISKEYED_PROXY, lo)));
    }

    @AfterAll
    void stop() {
        if (squid != null) {
            squid.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    private ProxyAuthenticator negotiate(Path keytab, String principal, Path krb5Conf, Integer disable) {
        ProxyAuthStore store = new ProxyAuthStore(config);
        store.save(ProxyAuthSettings.negotiate(keytab, principal, krb5Conf), null);
        return ProxyAuthPolicy.of(new MachinePolicy(null, disable), store);
    }

    private Outcome call(String proxyHost, ProxyAuthenticator auth, boolean https) {
        return call(proxyHost, auth, https, false).execute(get(https)).outcome();
    }

    private RoutedCall call(String proxyHost, ProxyAuthenticator auth, boolean https, boolean reuse) {
        CallProfile p = CallProfile.of(origin.trust(), Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024)
                .withReuseConnections(reuse);
        Route route = Route.proxy(new HostPort(proxyHost, squid.authPort()));
        return new RoutedCall(new FixedRoutes(List.of(route)), connector, p, auth);
    }

    private Request.Builder get(boolean https) {
        return Request.get(https ? origin.httpsUrl(HOST, "/ping") : origin.httpUrl(HOST, "/ping"))
                .expect(Expect.status(200));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void negotiateAuthenticatesThroughConnectAndPlainHttp(boolean https) throws Exception {
        String before = squid.accessLog();
        Outcome o = call(PROXY, negotiate(deviceKeytab, DEVICE, krb5, null), https);
        assertTrue(o.succeeded(), o::toString);
        assertEquals("Negotiate", o.proxyAuthenticatedWith());
        String added = squid.accessLogSince(before, log -> log.contains(DEVICE));
        assertTrue(added.contains(DEVICE), added);
    }

    @Test
    void withoutAPrincipalTheKeytabsFirstIsUsed() {
        Outcome o = call(PROXY, negotiate(deviceKeytab, null, krb5, null), true);
        assertTrue(o.succeeded(), o::toString);
        assertEquals("Negotiate", o.proxyAuthenticatedWith());
    }

    @Test
    void aKeptConnectionStaysAuthenticated() throws Exception {
        RoutedCall c = call(PROXY, negotiate(deviceKeytab, DEVICE, krb5, null), false, true);
        String before = squid.accessLog();
        for (int i = 0; i < 4; i++) {
            Outcome o = c.execute(get(false)).outcome();
            assertTrue(o.succeeded(), o::toString);
        }
        List<String> lines = squid.accessLogSince(
                        before,
                        log -> log.lines().filter(l -> l.contains("/200 ")).count() >= 4)
                .lines()
                .toList();
        assertEquals(1, lines.stream().filter(l -> l.contains("/407 ")).count(), String.join("\n", lines));
        c.closeIdleConnections();
    }

    @Test
    void anOutdatedKeytabIsProxyAuthFailedNamingIt() throws Exception {
        String stale = "host/stale.uplink.test@" + KerberosRealm.REALM;
        Path old = realm.addPrincipalWithKeytab(stale, "stale.keytab");
        realm.exportKeytab(stale, "stale-rekeyed.keytab"); // a new key at the KDC: the first keytab is outdated
        Outcome o = call(PROXY, negotiate(old, stale, krb5, null), true);
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("no Kerberos ticket obtainable for " + stale), o.detail());
        assertTrue(o.detail().contains("the keytab is wrong or outdated"), o.detail());
    }

    @Test
    void aProxyNameWithoutServicePrincipalIsUnknownServicePrincipal() {
        Outcome o = call(UNREGISTERED_PROXY, negotiate(deviceKeytab, DEVICE, krb5, null), true);
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(
                o.detail().contains("unknown service principal: the KDC does not know HTTP/" + UNREGISTERED_PROXY),
                o.detail());
    }

    @Test
    void aTicketTheProxyCannotReadIsCredentialsRejected() throws Exception {
        Outcome o = call(MISKEYED_PROXY, negotiate(deviceKeytab, DEVICE, krb5, null), true);
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(
                o.detail()
                        .contains("credentials rejected: the proxy did not accept the Kerberos ticket for HTTP@"
                                + MISKEYED_PROXY),
                o.detail());
        assertEquals(407, o.httpStatus());
    }

    @Test
    void anExpiredTicketThatCannotBeRenewedIsProxyAuthFailed() throws Exception {
        String shortLived = "host/short.uplink.test@" + KerberosRealm.REALM;
        Path keytab = realm.addPrincipalWithKeytab(shortLived, "short.keytab");
        realm.kadmin("modprinc -maxlife \"3 seconds\" " + shortLived);
        ProxyAuthenticator auth = negotiate(keytab, shortLived, krb5, null);
        assertTrue(call(PROXY, auth, true).succeeded(), "first call with a fresh ticket");
        realm.kadmin("modprinc -allow_tix " + shortLived); // no new ticket for it from now on
        Thread.sleep(3_500);
        Outcome o = call(PROXY, auth, true);
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(
                o.detail().contains("ticket expired: the Kerberos ticket of " + shortLived + " ended at"), o.detail());
        assertTrue(o.detail().contains("expired or disabled at the KDC"), o.detail());
    }

    @Test
    void aSkewedClockIsProxyAuthFailedWithClockSkew() throws Exception {
        assumeTrue(Files.isExecutable(KerberosRealm.FAKETIME), "needs Debian faketime for a KDC with a skewed clock");
        Path skewedKrb5 = realm.startKdc("skewed", 3600); // the KDC's clock one hour ahead of ours
        Outcome o = call(PROXY, negotiate(deviceKeytab, DEVICE, skewedKrb5, null), true);
        assertEquals(Diagnosis.PROXY_AUTH_FAILED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("clock skew: this machine's clock and the KDC's differ"), o.detail());
    }

    @Test
    void disableEnterpriseAuthProxySendsNoToken() throws Exception {
        String before = squid.accessLog();
        Outcome o = call(PROXY, negotiate(deviceKeytab, DEVICE, krb5, 1), true);
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("the proxy offers Basic realm=\"uplink-test\", Negotiate"), o.detail());
        assertNull(o.proxyAuthScheme());
        assertFalse(squid.accessLog().substring(before.length()).contains(DEVICE));
    }
}
