package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.MethodOutcome;
import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.AutoConfigDecision;
import dev.uplink.core.route.Reason;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyzer engine in-process against loopback peers: a TLS origin answering for catalog
 * names, a listener that never answers, closed ports. The Connector's resolver records every
 * lookup and answers none, so a name reaching it (instead of an override) fails the test
 * rather than going to real DNS.
 */
class AnalyzerLoopbackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static TlsOrigin origin;
    private static TestPorts.SilentServer silent;
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPeers() throws IOException {
        origin = TlsOrigin.start("*.events.data.microsoft.com", "*.microsoft.com");
        silent = new TestPorts.SilentServer();
    }

    @AfterAll
    static void stopPeers() {
        silent.close();
        origin.close();
    }

    /**
     * 16 of 20 probes go to endpoints that never answer: run one after another they would take
     * 16 timeouts; all in flight at once, the run takes about one.
     */
    @Test
    void silentEndpointsCostOneTimeoutNotOneEach() {
        List<ProbeTarget> targets = new ArrayList<>();
        Map<String, InetAddress> overrides = new LinkedHashMap<>();
        for (int i = 1; i <= 10; i++) {
            boolean answers = i == 1 || i == 10;
            String host = "winatp-gw-" + i + ".microsoft.com";
            int port = answers ? origin.httpsPort() : silent.port();
            targets.add(new ProbeTarget("https://" + host + ":" + port + "/test", Expect.status(200)));
            overrides.put(host + ":" + port, LOOPBACK);
        }
        long start = System.nanoTime();
        AnalysisReport report = analyzer(snapshot(MachinePolicy.EMPTY), options(overrides, 64))
                .run(targets, Analyzer.ProgressListener.NONE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(TIMEOUT.multipliedBy(4)) < 0, "16 silent probes in parallel took " + took);
        assertEquals(
                targets.stream().map(ProbeTarget::url).toList(),
                report.results().stream().map(UrlResult::url).toList(),
                "results keep the input order");
        assertEquals(2, report.summary().reachable());
        for (UrlResult r : report.results().subList(1, 9)) {
            MethodResult direct = r.methods().get(2);
            assertEquals("read-timeout", direct.diagnosis(), direct.toString());
            assertTrue(direct.elapsedMs() >= TIMEOUT.toMillis() - 50, direct.toString());
        }
        assertEquals(List.of(), lookups, "every name came from the overrides");
    }

    /**
     * With as many threads as silent URLs, the leads (direct probes) fill the pool for a whole
     * timeout; the URLs' other probes (here the sensor route) start once the leads look silent
     * (1 s) instead of queueing behind them: about 1 s + one timeout, not two timeouts.
     */
    @Test
    void probesOfASilentUrlStartOnceItsLeadLooksSilent() {
        Duration timeout = Duration.ofSeconds(4);
        List<ProbeTarget> targets = new ArrayList<>();
        Map<String, InetAddress> overrides = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            String host = "eu-v" + i + ".events.data.microsoft.com";
            targets.add(new ProbeTarget("https://" + host + ":" + silent.port() + "/ping", Expect.status(200)));
            overrides.put(host + ":" + silent.port(), LOOPBACK);
        }
        AnalyzerOptions options = new AnalyzerOptions(timeout, 4, origin.trust(), overrides, null);
        long start = System.nanoTime();
        AnalysisReport report =
                analyzer(snapshot(MachinePolicy.EMPTY), options).run(targets, Analyzer.ProgressListener.NONE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(timeout.multipliedBy(2).minusMillis(1500)) < 0, "two rounds of timeouts: " + took);
        for (UrlResult r : report.results()) {
            assertEquals("read-timeout", r.methods().get(2).diagnosis());
            assertTrue(
                    r.sensorRoute().outcome().startsWith("failed via DIRECT: read-timeout"),
                    r.sensorRoute().outcome());
        }
    }

    /**
     * Two endpoints never answer, 40 answer after 100 ms. With 4 threads, the silent leads hold two
     * and the answering leads take the other two for about 2 s, which the silent URLs' other probes
     * would queue behind; the fixed bound (a quarter of the 8 s timeout) is 2 s too. Judged by the
     * leads that answered (100 ms each), the silent ones look silent after about 250 ms: the run
     * takes about one timeout, not 2 s + one timeout.
     */
    @Test
    void leadsStillSilentAfterTheOthersAnsweredStartTheirUrlsProbesEarly() throws IOException {
        Duration timeout = Duration.ofSeconds(8);
        try (SlowOrigin slow = new SlowOrigin(Duration.ofMillis(100))) {
            List<ProbeTarget> targets = new ArrayList<>();
            Map<String, InetAddress> overrides = new LinkedHashMap<>();
            for (int i = 1; i <= 42; i++) {
                int port = i <= 2 ? silent.port() : slow.port();
                String host = "eu-v" + i + ".events.data.microsoft.com";
                targets.add(new ProbeTarget("http://" + host + ":" + port + "/ping", Expect.status(200)));
                overrides.put(host + ":" + port, LOOPBACK);
            }
            AnalyzerOptions options = new AnalyzerOptions(timeout, 4, origin.trust(), overrides, null);
            long start = System.nanoTime();
            AnalysisReport report =
                    analyzer(snapshot(MachinePolicy.EMPTY), options).run(targets, Analyzer.ProgressListener.NONE);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(40, report.summary().reachable());
            for (UrlResult r : report.results().subList(0, 2)) {
                assertEquals("read-timeout", r.methods().get(2).diagnosis());
                assertTrue(
                        r.sensorRoute().outcome().startsWith("failed via DIRECT: read-timeout"),
                        r.sensorRoute().outcome());
            }
            assertTrue(
                    took.compareTo(timeout.plusMillis(1500)) < 0,
                    "the silent URLs' probes waited for the fixed bound or the queue: " + took);
        }
    }

    /**
     * The PAC method's routes (and the sensor's, which can take the PAC too) are decided for every
     * URL as the run starts, in input order, while the leads run: decided when each probe started,
     * they waited for the leads (here: 2 threads for 10 URLs) and, in the benchmark, a silent URL's
     * PAC probe ended ~0.4 s after its other probes. Each URL is still decided once per method, and
     * the probes use what the PAC said.
     */
    @Test
    void pacRoutesAreDecidedAheadInInputOrderWhileTheLeadsRun() throws IOException {
        try (SlowOrigin slow = new SlowOrigin(Duration.ofMillis(150))) {
            List<ProbeTarget> targets = new ArrayList<>();
            Map<String, InetAddress> overrides = new LinkedHashMap<>();
            for (int i = 1; i <= 10; i++) {
                String host = "eu-v" + i + ".events.data.microsoft.com";
                targets.add(new ProbeTarget("http://" + host + ":" + slow.port() + "/ping", Expect.status(200)));
                overrides.put(host + ":" + slow.port(), LOOPBACK);
            }
            AtomicInteger finished = new AtomicInteger();
            List<String> decided = new CopyOnWriteArrayList<>();
            List<Integer> finishedWhenDecided = new CopyOnWriteArrayList<>();
            AutoConfigDecider pac = url -> {
                decided.add(url.toString());
                finishedWhenDecided.add(finished.get());
                return AutoConfigDecision.found(
                        Reason.Source.PAC, "file:///bench.pac", "DIRECT", List.of(Route.DIRECT), null);
            };
            ProxySettingsSnapshot settings = new ProxySettingsSnapshot(
                    MachinePolicy.EMPTY, new WinHttpSettings(null, null, "file:///bench.pac", false));
            HostResolver none = host -> {
                lookups.add(host);
                throw new UnknownHostException(host);
            };
            AnalysisReport report = new Analyzer(
                            new Connector(none),
                            settings,
                            pac,
                            new AnalyzerOptions(Duration.ofSeconds(5), 2, origin.trust(), overrides, null),
                            Map.of(),
                            Clock.systemUTC())
                    .run(targets, new Analyzer.ProgressListener() {
                        @Override
                        public void probeFinished(int done, int total) {
                            finished.set(done);
                        }
                    });

            List<String> urls = targets.stream().map(ProbeTarget::url).toList();
            List<String> twice = new ArrayList<>(urls); // the PAC method's, then the sensor route's
            twice.addAll(urls);
            assertEquals(twice, decided, "each URL decided once per method, in input order");
            assertEquals(
                    List.of(0),
                    finishedWhenDecided.stream().distinct().toList(),
                    "every decision made before the first probe finished");
            assertEquals(10, report.summary().reachable());
            for (UrlResult r : report.results()) {
                MethodResult wpad = r.methods().get(1);
                assertEquals(MethodOutcome.SUCCEEDED, wpad.outcome(), wpad.toString());
                assertEquals("DIRECT", wpad.route());
            }
            assertEquals(List.of(), lookups, "every name came from the overrides");
        }
    }

    /**
     * The leads of 9 URLs answer after 30 ms, the tenth's after 1.5 s (an answering endpoint, but
     * slow: it looks silent after 250 ms). The other URLs' probes (here the sensor route) start
     * once every lead has answered or looks silent, not as each lead answers: started at once they
     * took the CPU from the leads still running, which in the benchmark made every lead, and so
     * the silence decision, slower (docs/behaviour.md#probe-scheduling). Results are unchanged and
     * in input order.
     */
    @Test
    void otherProbesStartOnceEveryLeadAnsweredOrLooksSilent() throws IOException {
        String slowHost = "eu-v10.events.data.microsoft.com";
        try (SlowOrigin web =
                new SlowOrigin(host -> host.startsWith(slowHost) ? Duration.ofMillis(1500) : Duration.ofMillis(30))) {
            List<ProbeTarget> targets = new ArrayList<>();
            Map<String, InetAddress> overrides = new LinkedHashMap<>();
            for (int i = 1; i <= 10; i++) {
                String host = "eu-v" + i + ".events.data.microsoft.com";
                targets.add(new ProbeTarget("http://" + host + ":" + web.port() + "/ping", Expect.status(200)));
                overrides.put(host + ":" + web.port(), LOOPBACK);
            }
            AnalyzerOptions options = new AnalyzerOptions(Duration.ofSeconds(8), 64, origin.trust(), overrides, null);
            AnalysisReport report =
                    analyzer(snapshot(MachinePolicy.EMPTY), options).run(targets, Analyzer.ProgressListener.NONE);

            assertEquals(10, report.summary().reachable());
            assertEquals(
                    targets.stream().map(ProbeTarget::url).toList(),
                    report.results().stream().map(UrlResult::url).toList(),
                    "results keep the input order");
            // Per host, the first request is its lead, the second its URL's sensor-route probe.
            Map<String, List<Long>> byHost = web.arrivals();
            long firstLead =
                    byHost.values().stream().mapToLong(a -> a.get(0)).min().orElseThrow();
            long firstFollower = byHost.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith(slowHost))
                    .mapToLong(e -> e.getValue().get(1))
                    .min()
                    .orElseThrow();
            long waitedMillis = (firstFollower - firstLead) / 1_000_000;
            assertTrue(
                    waitedMillis >= SilenceWatch.FLOOR.toMillis() - 50,
                    "an answering URL's other probe started " + waitedMillis
                            + " ms after the leads, before the slow lead looked silent");
        }
    }

    /** Plain HTTP on loopback that answers 200 after {@code delay}: network-bound, not CPU-bound, probes. */
    private static final class SlowOrigin implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 100, LOOPBACK);
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slow-origin");
            t.setDaemon(true);
            return t;
        });
        /** Host header → when each of its requests arrived (System.nanoTime), in order. */
        private final Map<String, List<Long>> arrivals = new java.util.concurrent.ConcurrentHashMap<>();

        SlowOrigin(Duration delay) throws IOException {
            this(host -> delay);
        }

        /** {@code delay} by the request's Host header. */
        SlowOrigin(java.util.function.Function<String, Duration> delay) throws IOException {
            pool.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        pool.execute(() -> answer(s, delay, arrivals));
                    } catch (IOException | RuntimeException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        Map<String, List<Long>> arrivals() {
            Map<String, List<Long>> copy = new LinkedHashMap<>();
            arrivals.forEach((host, times) -> {
                synchronized (times) {
                    copy.put(host, List.copyOf(times));
                }
            });
            return copy;
        }

        private static void answer(
                Socket s, java.util.function.Function<String, Duration> delay, Map<String, List<Long>> arrivals) {
            long arrived = System.nanoTime();
            try (s) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String host = "";
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.regionMatches(true, 0, "Host:", 0, 5)) {
                        host = line.substring(5).trim();
                    }
                }
                List<Long> times = arrivals.computeIfAbsent(host, h -> new ArrayList<>());
                synchronized (times) {
                    times.add(arrived);
                    times.sort(null);
                }
                Thread.sleep(delay.apply(host).toMillis());
                s.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
                                .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the client gave up: nothing to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            pool.shutdownNow();
        }
    }

    /** Semantics §1: method 4 tests the named proxy alone; the sensor falls back to DIRECT past it. */
    @Test
    void unreachableNamedProxyFailsMethodFourButTheSensorFallsBackToDirect() throws IOException {
        int deadProxy = TestPorts.closedPort();
        int closed = TestPorts.closedPort();
        String answering = "https://us-v20.events.data.microsoft.com:" + origin.httpsPort() + "/ping";
        String refusing = "https://winatp-gw-cus.microsoft.com:" + closed + "/test";
        Map<String, InetAddress> overrides = Map.of(
                "us-v20.events.data.microsoft.com:" + origin.httpsPort(),
                LOOPBACK,
                "winatp-gw-cus.microsoft.com:" + closed,
                LOOPBACK);
        MachinePolicy policy = new MachinePolicy(new HostPort("127.0.0.1", deadProxy), 1);

        AnalysisReport report = analyzer(snapshot(policy), options(overrides, 8))
                .run(
                        List.of(new ProbeTarget(answering, Expect.status(200)), new ProbeTarget(refusing, Expect.ANY)),
                        Analyzer.ProgressListener.NONE);

        String proxy = "PROXY 127.0.0.1:" + deadProxy;
        UrlResult ok = report.results().get(0);
        assertTrue(ok.reachable());
        assertEquals(
                List.of(
                        MethodOutcome.NOT_CONFIGURED,
                        MethodOutcome.NOT_CONFIGURED,
                        MethodOutcome.SUCCEEDED,
                        MethodOutcome.FAILED,
                        MethodOutcome.NOT_CONFIGURED),
                ok.methods().stream().map(MethodResult::outcome).toList());
        MethodResult named = ok.methods().get(3);
        assertEquals(proxy, named.route());
        assertEquals("proxy-unreachable", named.diagnosis());
        assertFalse(named.remediation().isEmpty());
        assertEquals(proxy + "; DIRECT", ok.sensorRoute().routes());
        assertEquals(
                "succeeded via DIRECT (200), fell back from " + proxy + " (proxy-unreachable)",
                ok.sensorRoute().outcome());

        UrlResult refused = report.results().get(1);
        assertFalse(refused.reachable());
        assertEquals("connect-refused", refused.methods().get(2).diagnosis());
        assertTrue(
                refused.sensorRoute()
                        .outcome()
                        .startsWith("failed via DIRECT: connect-refused, fell back from " + proxy),
                refused.sensorRoute().outcome());
        assertEquals(List.of(), lookups, "every name came from the overrides");
    }

    /** A name without an override reaches the Connector's resolver (here: one that knows nothing): dns-failure. */
    @Test
    void nameWithoutOverrideIsResolvedByTheConnectorsResolver() {
        AnalysisReport report = analyzer(snapshot(MachinePolicy.EMPTY), options(Map.of(), 4))
                .run(
                        List.of(new ProbeTarget("https://unmapped.events.data.microsoft.com/ping", Expect.status(200))),
                        Analyzer.ProgressListener.NONE);
        MethodResult direct = report.results().get(0).methods().get(2);
        assertEquals("dns-failure", direct.diagnosis(), direct.toString());
        assertTrue(lookups.contains("unmapped.events.data.microsoft.com"), lookups.toString());
    }

    private Analyzer analyzer(ProxySettingsSnapshot settings, AnalyzerOptions options) {
        HostResolver recording = host -> {
            lookups.add(host);
            throw new UnknownHostException(host + ": not mapped in this test");
        };
        return new Analyzer(new Connector(recording), settings, null, options, Map.of(), Clock.systemUTC());
    }

    private static ProxySettingsSnapshot snapshot(MachinePolicy policy) {
        return new ProxySettingsSnapshot(policy, WinHttpSettings.DIRECT);
    }

    private static AnalyzerOptions options(Map<String, InetAddress> overrides, int parallel) {
        return new AnalyzerOptions(TIMEOUT, parallel, origin.trust(), overrides, null);
    }
}
