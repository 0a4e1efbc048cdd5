package dev.uplink.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BadProxyMemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final BadProxyMemory memory = new BadProxyMemory(clock, BadProxyMemory.DEFAULT_RETRY_DELAY);

    /** routes (PAC form) | proxies marked bad (space-separated) | reordered routes. */
    @ParameterizedTest(name = "[{index}] {0} with {1} bad -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            PROXY a.test:1; DIRECT                   | a.test:1          | DIRECT; PROXY a.test:1
            PROXY a.test:1; DIRECT                   | -                 | PROXY a.test:1; DIRECT
            PROXY a.test:1; PROXY b.test:2; DIRECT   | a.test:1          | PROXY b.test:2; DIRECT; PROXY a.test:1
            PROXY a.test:1; PROXY b.test:2; DIRECT   | b.test:2 a.test:1 | DIRECT; PROXY a.test:1; PROXY b.test:2
            PROXY a.test:1; PROXY b.test:2           | a.test:1 b.test:2 | PROXY a.test:1; PROXY b.test:2
            SOCKS5 a.test:1; PROXY c.test:3          | a.test:1          | PROXY c.test:3; SOCKS5 a.test:1
            PROXY a.test:1; PROXY c.test:3           | z.test:9          | PROXY a.test:1; PROXY c.test:3
            DIRECT                                   | a.test:1          | DIRECT
            """)
    void movesBadProxiesLastKeepingOrder(String routes, String bad, String expected) {
        if (bad != null) {
            for (String p : bad.split(" ")) {
                memory.markBad(HostPort.parse(p, "test"), "TCP connect refused");
            }
        }
        BadProxyMemory.Reordering r = memory.reorder(FakeAutoConfig.parse(routes));
        assertEquals(FakeAutoConfig.parse(expected), r.routes());
        long movedProxies = FakeAutoConfig.parse(routes).stream()
                .filter(x -> !x.isDirect()
                        && bad != null
                        && List.of(bad.split(" ")).contains(x.proxy().toString()))
                .count();
        assertEquals(movedProxies, r.deprioritised().size());
    }

    @Test
    void expiresAfterTheRetryDelay() {
        HostPort a = HostPort.parse("a.test:1", "test");
        List<Route> routes = List.of(Route.proxy(a), Route.DIRECT);
        ProxyRetryInfo info = memory.markBad(a, "DNS name not found");
        assertEquals(T0.plus(Duration.ofMinutes(5)), info.badUntil());

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertEquals(
                List.of(Route.DIRECT, Route.proxy(a)), memory.reorder(routes).routes());
        assertEquals(1, memory.snapshot().size());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(routes, memory.reorder(routes).routes());
        assertTrue(memory.snapshot().isEmpty());
        assertTrue(memory.retryInfo(a).isEmpty());
    }

    @Test
    void aNewFailureExtendsThePeriodAndForgetEndsIt() {
        HostPort a = HostPort.parse("a.test:1", "test");
        memory.markBad(a, "TCP connect timed out");
        clock.advance(Duration.ofMinutes(4));
        memory.markBad(a, "TCP connect refused");
        clock.advance(Duration.ofMinutes(4));
        ProxyRetryInfo info = memory.retryInfo(a).orElseThrow();
        assertEquals("TCP connect refused", info.reason());
        assertEquals(T0.plus(Duration.ofMinutes(9)), info.badUntil());
        memory.forget(a);
        assertTrue(memory.retryInfo(a).isEmpty());
    }

    @Test
    void retryDelayIsConfigurable() {
        BadProxyMemory shortMemory = new BadProxyMemory(clock, Duration.ofSeconds(30));
        HostPort a = HostPort.parse("a.test:1", "test");
        shortMemory.markBad(Route.proxy(a), "refused");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(shortMemory.retryInfo(a).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new BadProxyMemory(clock, Duration.ZERO));
    }

    @Test
    void directCannotBeMarkedBad() {
        assertThrows(IllegalArgumentException.class, () -> memory.markBad(Route.DIRECT, "x"));
    }

    @Test
    void resolverExplainsTheDeprioritisedProxyAndUntilWhen() {
        HostPort p = HostPort.parse("10.0.0.6:8080", "test");
        ProxyConfig config = ProxyConfig.of(new MachinePolicy(p, 1), WinHttpSettings.DIRECT);
        RouteResolver resolver = new RouteResolver(config, memory);
        memory.markBad(p, "TCP connect refused");

        Resolution r = resolver.resolve("https://a.example/");
        assertEquals("DIRECT; PROXY 10.0.0.6:8080", r.toPacString());
        assertEquals(Reason.Source.BAD_PROXY, r.reasons().get(1).source());
        assertEquals(
                "PROXY 10.0.0.6:8080 failed recently (TCP connect refused); until 2026-11-26T12:05:00Z it is tried after every route not marked bad",
                r.reasons().get(1).message());

        clock.advance(Duration.ofMinutes(5));
        Resolution later = resolver.resolve("https://a.example/");
        assertEquals("PROXY 10.0.0.6:8080; DIRECT", later.toPacString());
        assertEquals(1, later.reasons().size());
    }

    @Test
    void concurrentMarkingAndReorderingStayConsistent() throws Exception {
        List<HostPort> proxies = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            HostPort hp = new HostPort("p" + i + ".test", 3128);
            proxies.add(hp);
            routes.add(Route.proxy(hp));
        }
        routes.add(Route.DIRECT);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        HostPort hp = proxies.get((i * 7 + seed) % proxies.size());
                        if (i % 3 == 0) {
                            memory.forget(hp);
                        } else {
                            memory.markBad(hp, "refused");
                        }
                        List<Route> reordered = memory.reorder(routes).routes();
                        if (reordered.size() != routes.size() || !reordered.containsAll(routes)) {
                            throw new AssertionError("reorder lost or duplicated a route: " + reordered);
                        }
                        memory.snapshot();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Route> expected = new ArrayList<>();
        List<Route> last = new ArrayList<>();
        for (Route r : routes) {
            (r.isDirect() || memory.retryInfo(r.proxy()).isEmpty() ? expected : last).add(r);
        }
        expected.addAll(last);
        assertEquals(expected, memory.reorder(routes).routes());
    }
}
