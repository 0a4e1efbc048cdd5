package dev.uplink.core.pac;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded cache of decisions of a pure script. Lock-free reads (the hot path must stay well
 * under a microsecond); when full, the oldest entry makes room (first in, first out), which is as
 * good as LRU for the uniform-ish URL mixes a sensor sees and costs no bookkeeping on hits.
 *
 * <p>The insertion order is kept in a ring of keys, so making room costs the same whatever the
 * cache holds. (Removing "the first key an iterator meets" instead walked the table's emptied head
 * on every insertion once full: a list of distinct URLs longer than the cache spent a quarter of its
 * time there.)
 */
final class PacMemo {

    private final int capacity;
    private final ConcurrentHashMap<String, PacResult> entries;
    /** Every key of {@link #entries} exactly once, in insertion order from {@link #next}; guarded by this. */
    private String[] ring = new String[0];

    private int next;

    PacMemo(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1024) * 2);
    }

    PacResult get(String url) {
        return entries.get(url);
    }

    /** Misses only (each one has just run the script), so a lock here costs nothing next to the call. */
    synchronized void put(String url, PacResult result) {
        if (entries.put(url, result) != null) {
            return; // two threads missed on the same URL: the key already has its place in the ring
        }
        if (next == ring.length && ring.length < capacity) { // grows with use: most scripts see few URLs
            ring = java.util.Arrays.copyOf(ring, Math.min(capacity, Math.max(16, ring.length * 2)));
        }
        if (next == ring.length) {
            next = 0;
        }
        String oldest = ring[next];
        if (oldest != null) {
            entries.remove(oldest);
        }
        ring[next++] = url;
    }

    int size() {
        return entries.size();
    }
}
