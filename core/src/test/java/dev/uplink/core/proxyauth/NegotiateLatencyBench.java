package dev.uplink.core.proxyauth;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.FixedRoutes;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BENCHMARK, not part of the suite (the name does not end in Test): the extra latency of proxy
 * authentication per new connection, HTTPS through CONNECT on loopback (real Squid, real MIT KDC).
 * Run with bench/proxyauth/run.sh. Each call opens a new connection (no reuse); the sender has
 * seen the proxy accept the scheme before, so credentials go up front (no 407 round trip), as for
 * the sensor after its first upload. Prints medians and p90 in milliseconds.
 */
class NegotiateLatencyBench {

    private static final String HOST = "svc.example.com";
    private static final String PROXY = "proxy.uplink.test";
    private static final String DEVICE = "host/device.uplink.test@" + KerberosRealm.REALM;
    private static final int WARMUP = 20;
    private static final int N = Integer.getInteger("uplink.bench.n", 200);

    @Test
    void measure() throws Exception {
        assumeTrue(SquidHarness.canRun() && KerberosRealm.isAvailable(), "needs root, Squid and the MIT KDC");
        Path conf = Files.createTempDirectory("uplink-bench-conf");
        try (KerberosRealm realm = KerberosRealm.create()) {
            Path proxyKeytab = realm.addPrincipalWithKeytab("HTTP/" + PROXY, "proxy.keytab");
            Path deviceKeytab = realm.addPrincipalWithKeytab(DEVICE, "device.keytab");
            Path krb5 = realm.startKdc("bench", 0);
            try (TlsOrigin origin = TlsOrigin.start("*.example.com");
                    SquidHarness squid = SquidHarness.builder()
                            .hosts(HOST)
                            .trustOrigin(origin.caCertificate())
                            .user("bench", "bench-pw")
                            .negotiate(proxyKeytab, krb5)
                            .start()) {
                InetAddress lo = InetAddress.getLoopbackAddress();
                Connector connector = new Connector(HostResolver.of(Map.of(HOST, lo, PROXY, lo)));
                CallProfile profile =
                        CallProfile.of(origin.trust(), Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024);
                ProxyAuthStore store = new ProxyAuthStore(conf);

                RoutedCall open = new RoutedCall(
                        new FixedRoutes(List.of(Route.proxy(new HostPort(PROXY, squid.openPort())))),
                        connector,
                        profile);
                store.save(ProxyAuthSettings.basic("bench", true), "bench-pw".getBytes(StandardCharsets.UTF_8));
                RoutedCall basic = new RoutedCall(
                        new FixedRoutes(List.of(Route.proxy(new HostPort(PROXY, squid.authPort())))),
                        connector,
                        profile,
                        ProxyAuthPolicy.of(MachinePolicy.EMPTY, store));
                store.save(ProxyAuthSettings.negotiate(deviceKeytab, DEVICE, krb5), null);
                ProxyAuthenticator negotiateAuth = ProxyAuthPolicy.of(MachinePolicy.EMPTY, store);
                RoutedCall negotiate = new RoutedCall(
                        new FixedRoutes(List.of(Route.proxy(new HostPort(PROXY, squid.authPort())))),
                        connector,
                        profile,
                        negotiateAuth);

                long first = time(negotiate, origin); // login + TGS + 407 round trip
                System.out.printf("negotiate first call (keytab login, service ticket, 407): %.1f ms%n", first / 1e6);
                RoutedCall[] calls = {open, basic, negotiate};
                String[] names = {"no auth", "basic", "negotiate"};
                for (int i = 0; i < WARMUP; i++) {
                    for (RoutedCall c : calls) {
                        time(c, origin);
                    }
                }
                // Interleaved rounds: on a busy machine the load drifts, and each round sees the same drift.
                long[][] t = new long[3][N];
                long[][] extra = new long[2][N];
                for (int i = 0; i < N; i++) {
                    for (int k = 0; k < 3; k++) {
                        t[k][i] = time(calls[k], origin);
                    }
                    extra[0][i] = t[1][i] - t[0][i];
                    extra[1][i] = t[2][i] - t[0][i];
                }
                for (int k = 0; k < 3; k++) {
                    Arrays.sort(t[k]);
                    System.out.printf(
                            "%-10s new connection + CONNECT + TLS + GET: median %.2f ms, p90 %.2f ms (n=%d)%n",
                            names[k], t[k][N / 2] / 1e6, t[k][N * 9 / 10] / 1e6, N);
                }
                for (int k = 0; k < 2; k++) {
                    Arrays.sort(extra[k]);
                    System.out.printf(
                            "%-10s extra per new connection vs no auth, median of paired rounds: %.2f ms%n",
                            names[k + 1], extra[k][N / 2] / 1e6);
                }
                Route route = Route.proxy(new HostPort(PROXY, squid.authPort()));
                long[] token = new long[N];
                for (int i = 0; i < N; i++) {
                    long start = System.nanoTime();
                    assertTrue(negotiateAuth.preemptive(route, "Negotiate") != null);
                    token[i] = System.nanoTime() - start;
                }
                Arrays.sort(token);
                System.out.printf(
                        "negotiate  client token (SPNEGO AP-REQ, cached service ticket): median %.3f ms%n",
                        token[N / 2] / 1e6);
            }
        } finally {
            new ProxyAuthStore(conf).reset();
            Files.deleteIfExists(conf);
        }
    }

    private static long time(RoutedCall call, TlsOrigin origin) {
        long start = System.nanoTime();
        Outcome o = call.execute(Request.get(origin.httpsUrl(HOST, "/ping")).expect(Expect.status(200)))
                .outcome();
        long t = System.nanoTime() - start;
        assertTrue(o.succeeded(), o::toString);
        return t;
    }
}
