package dev.uplink.sensor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventIdGeneratorTest {

    @Test
    void idsAreStrictlyIncreasingAsStringsAndUnique() {
        EventIdGenerator g = new EventIdGenerator();
        String prev = "";
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = g.nextString();
            assertTrue(id.compareTo(prev) > 0, prev + " then " + id);
            assertTrue(seen.add(id));
            prev = id;
        }
    }

    @ParameterizedTest(name = "clock {0}")
    @CsvSource({"frozen", "backwards", "forwards"})
    void monotonicWhateverTheClockDoes(String mode) {
        AtomicLong clock = new AtomicLong(1_750_000_000_000L);
        EventIdGenerator g = new EventIdGenerator(() -> switch (mode) {
            case "frozen" -> clock.get();
            case "backwards" -> clock.getAndAdd(-3);
            default -> clock.getAndAdd(1);
        });
        UUID prev = g.next();
        for (int i = 0; i < 20_000; i++) { // > 4096 per millisecond when frozen: borrows time
            UUID id = g.next();
            assertTrue(id.toString().compareTo(prev.toString()) > 0);
            assertTrue(EventIdGenerator.timestampOf(id) >= EventIdGenerator.timestampOf(prev));
            prev = id;
        }
    }

    @Test
    void hasVersion7VariantAndTheClockTime() {
        EventIdGenerator g = new EventIdGenerator(() -> 0x0123_4567_89ABL);
        UUID id = g.next();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(0x0123_4567_89ABL, EventIdGenerator.timestampOf(id));
        assertTrue(id.toString().startsWith("01234567-89ab-7"));
    }

    @Test
    void concurrentCallersGetUniqueIds() throws Exception {
        EventIdGenerator g = new EventIdGenerator();
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    all.add(g.nextString());
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(160_000, new HashSet<>(all).size());
    }
}
