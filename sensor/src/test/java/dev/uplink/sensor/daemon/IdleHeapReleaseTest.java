package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleHeapReleaseTest {
    private final AtomicLong committed = new AtomicLong(16);
    private final AtomicInteger collections = new AtomicInteger();
    private final IdleHeapRelease release = new IdleHeapRelease(3, committed::get, () -> {
        collections.incrementAndGet();
        committed.set(20); // what the collection left committed
    });

    private void ticks(long activity, int n) {
        for (int i = 0; i < n; i++) {
            release.observe(activity);
        }
    }

    @Test
    void collectsOnceAfterTheQuietTicksFollowingWork() {
        ticks(0, 1); // start-up
        ticks(100, 1);
        ticks(200, 1);
        committed.set(54);
        ticks(200, 2);
        assertEquals(0, collections.get(), "not before 3 quiet ticks");
        ticks(200, 1);
        assertEquals(1, collections.get(), "after 3 quiet ticks");
        ticks(200, 20);
        assertEquals(1, collections.get(), "once per quiet period");
    }

    @Test
    void workResetsTheQuietCount() {
        ticks(0, 1);
        committed.set(54);
        ticks(0, 2);
        ticks(1, 1);
        ticks(1, 2);
        assertEquals(0, collections.get());
        ticks(1, 1);
        assertEquals(1, collections.get());
    }

    @Test
    void skipsTheCollectionWhenTheHeapHasNotGrownSinceTheLastOne() {
        ticks(0, 1);
        committed.set(54);
        ticks(0, 3);
        assertEquals(1, collections.get());
        ticks(1, 1); // a heartbeat event: the heap stays at what the collection left
        ticks(1, 3);
        assertEquals(1, collections.get(), "heap not grown: no second full collection");
        ticks(2, 1);
        committed.set(40);
        ticks(2, 3);
        assertEquals(2, collections.get(), "grown again: collected again");
    }

    @Test
    void refusesAQuietPeriodBelowOneTick() {
        assertThrows(IllegalArgumentException.class, () -> new IdleHeapRelease(0, committed::get, () -> {}));
    }
}
