package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.uplink.core.testing.Seeded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class PacMemoTest {

    private static PacResult result(String raw) {
        return new PacResult(List.of(), raw, List.of(), false);
    }

    @Test
    void theOldestEntryMakesRoomWhateverTheTableOrder() {
        PacMemo memo = new PacMemo(4);
        // Inserted against the keys' hash order: a table walk would meet "b" first, the oldest is "e".
        for (String k : new String[] {"e", "d", "c", "b"}) {
            memo.put(k, result(k));
        }
        memo.put("a", result("a"));
        assertEquals(4, memo.size());
        assertNull(memo.get("e"));
        for (String k : new String[] {"d", "c", "b", "a"}) {
            assertNotNull(memo.get(k), k);
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void behavesAsABoundedFirstInFirstOutMap(Random rnd) {
        int capacity = 1 + rnd.nextInt(40);
        PacMemo memo = new PacMemo(capacity);
        Map<String, String> model = new LinkedHashMap<>(); // insertion order; a re-put keeps its place
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + rnd.nextInt(capacity * 3);
            String value = "v" + i;
            memo.put(key, result(value));
            if (!model.containsKey(key) && model.size() == capacity) {
                model.remove(model.keySet().iterator().next());
            }
            model.put(key, value);
            assertEquals(model.size(), memo.size(), "capacity " + capacity + " after put " + i);
        }
        for (int k = 0; k < capacity * 3; k++) {
            PacResult r = memo.get("k" + k);
            assertEquals(model.get("k" + k), r == null ? null : r.raw(), "k" + k + ", capacity " + capacity);
        }
    }

    @Test
    void makingRoomDoesNotSlowDownAsTheCacheTurnsOver() {
        // 400,000 distinct keys through a 10,000-entry cache: with eviction by table walk this took minutes.
        PacMemo memo = new PacMemo(10_000);
        PacResult r = result("DIRECT");
        long start = System.nanoTime();
        for (int i = 0; i < 400_000; i++) {
            memo.put("http://h" + i + ".example/", r);
        }
        assertEquals(10_000, memo.size());
        long ms = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(ms < 20_000, "400,000 insertions took " + ms + " ms");
    }
}
