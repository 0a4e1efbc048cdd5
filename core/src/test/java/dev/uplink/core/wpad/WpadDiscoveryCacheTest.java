package dev.uplink.core.wpad;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WpadDiscoveryCacheTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<String> network = new AtomicReference<>("eth0=10.0.0.2/24");
    boolean findSomething = true;

    WpadDiscoveryCache cache() {
        return new WpadDiscoveryCache(() -> {
            runs.incrementAndGet();
            return findSomething
                    ? new WpadResult(URI.create("http://wpad/wpad.dat"), "function FindProxyForURL(u,h){return 'DIRECT';}", null, null, List.of(), clock.instant(), 5)
                    : new WpadResult(null, null, null, null, List.of(), clock.instant(), 5);
        }, Duration.ofMinutes(30), Duration.ofMinutes(1), network::get, clock);
    }

    @Test
    void reusesUntilTtl() {
        WpadDiscoveryCache c = cache();
        WpadResult first = c.get();
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertSame(first, c.get());
        assertEquals(1, runs.get());
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertTrue(c.peek().isEmpty());
        c.get();
        assertEquals(2, runs.get());
    }

    @Test
    void nothingFoundIsRetriedSooner() {
        findSomething = false;
        WpadDiscoveryCache c = cache();
        c.get();
        clock.now = clock.now.plusSeconds(30);
        c.get();
        assertEquals(1, runs.get());
        clock.now = clock.now.plusSeconds(31);
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
