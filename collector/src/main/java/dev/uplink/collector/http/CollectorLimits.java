package dev.uplink.collector.http;

import dev.uplink.core.protocol.BatchLimits;

/**
 * Bounds that keep a hostile or broken client from exhausting the collector.
 *
 * @param maxBodyBytes         request body as sent (compressed); larger → 413
 * @param maxDecodedBytes      request body after gzip; larger → 413 (the gzip-bomb guard)
 * @param maxEventsPerBatch    events in one request; more → 413
 * @param maxConcurrentIngests batches decoded at once: each may hold up to maxDecodedBytes in memory
 * @param threads              HTTP worker threads (TLS handshakes and small requests)
 * @param queueLength          requests waiting for a worker; beyond it connections are closed
 */
public record CollectorLimits(
        long maxBodyBytes,
        long maxDecodedBytes,
        int maxEventsPerBatch,
        int maxConcurrentIngests,
        int threads,
        int queueLength) {

    private static final long MIB = 1L << 20;

    public CollectorLimits {
        if (maxBodyBytes < 1
                || maxDecodedBytes < 1
                || maxEventsPerBatch < 1
                || maxConcurrentIngests < 1
                || threads < 1
                || queueLength < 1) {
            throw new IllegalArgumentException("collector limits must be positive");
        }
    }

    /**
     * The batch limits both ends agree on ({@link BatchLimits}: 32 MiB compressed and decoded,
     * 100,000 events; the sensor keeps batches under 20 MiB uncompressed).
     * Concurrent ingests scale with the heap: a decoded batch costs about twice its size as Java
     * strings, so allow one batch per ~128 MiB of heap, between 1 and 8.
     */
    public static CollectorLimits defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        int ingests = (int) Math.max(1, Math.min(8, heap / (128 * MIB)));
        return new CollectorLimits(
                BatchLimits.MAX_BODY_BYTES, BatchLimits.MAX_DECODED_BYTES, BatchLimits.MAX_EVENTS, ingests, 16, 256);
    }

    public CollectorLimits withBodyLimits(long maxBody, long maxDecoded) {
        return new CollectorLimits(maxBody, maxDecoded, maxEventsPerBatch, maxConcurrentIngests, threads, queueLength);
    }
}
