package dev.uplink.core.pac;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded cache of decisions of a pure script. Lock-free reads (the hot path must stay well
 * under a microsecond); when full, an arbitrary entry makes room, which is as good as LRU for
 * the uniform-ish URL mixes a sensor sees and costs no bookkeeping on hits.
 */
final class PacMemo {

    private final int capacity;
    private final ConcurrentHashMap<String, PacResult> entries;

    PacMemo(int capacity) {
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1024) * 2);
    }

    PacResult get(String url) {
        return entries.get(url);
    }

    void put(String url, PacResult result) {
        while (entries.size() >= capacity) {
            Iterator<String> it = entries.keySet().iterator();
            if (!it.hasNext()) {
                break;
            }
            entries.remove(it.next());
        }
        entries.put(url, result);
    }

    int size() {
        return entries.size();
    }
}
