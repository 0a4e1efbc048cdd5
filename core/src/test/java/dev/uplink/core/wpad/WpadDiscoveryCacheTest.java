package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WpadDiscoveryCacheTest {

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<String> network = new AtomicReference<>("eth0=10.0.0.2/24");
    boolean findSomething = true;

    WpadDiscoveryCache cache() {
        return new WpadDiscoveryCache(
                () -> {
                    runs.incrementAndGet();
                    return findSomething
                            ? new WpadResult(
                                    URI.create("http://wpad/wpad.dat"),
                                    "function FindProxyForURL(u,h){return 'DIRECT';}",
                                    null,
                                    null,
                                    List.of(),
                                    clock.instant(),
                                    5)
                            : new WpadResult(null, null, null, null, List.of(), clock.instant(), 5);
                },
                Duration.ofMinutes(30),
                Duration.ofMinutes(1),
                network::get,
                clock);
    }

    @Test
    void reusesUntilTtl() {
        WpadDiscoveryCache c = cache();
        WpadResult first = c.get();
        clock.advance(Duration.ofMinutes(29));
        assertSame(first, c.get());
        assertEquals(1, runs.get());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(c.peek().isEmpty());
        c.get();
        assertEquals(2, runs.get());
    }

    @Test
    void nothingFoundIsRetriedSooner() {
        findSomething = false;
        WpadDiscoveryCache c = cache();
        c.get();
        clock.advance(Duration.ofSeconds(30));
        c.get();
        assertEquals(1, runs.get());
        clock.advance(Duration.ofSeconds(31));
        c.get();
        assertEquals(2, runs.get());
    }

    @Test
    void networkChangeAndExplicitInvalidationForget() {
        WpadDiscoveryCache c = cache();
        c.get();
        network.set("wlan0=192.168.1.9/24");
        c.get();
        assertEquals(2, runs.get());
        c.get();
        assertEquals(2, runs.get());
        c.invalidate();
        assertTrue(c.peek().isEmpty());
        c.get();
        assertEquals(3, runs.get());
    }
}
