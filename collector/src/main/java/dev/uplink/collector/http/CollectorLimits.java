package dev.uplink.collector.http;

import dev.uplink.core.protocol.BatchLimits;
import java.time.Duration;

/**
 * Bounds that keep a hostile or broken client from exhausting the collector
 * (docs/behaviour.md#collector-answers-and-limits).
 *
 * @param maxBodyBytes             request body as sent (compressed); larger → 413
 * @param maxDecodedBytes          request body after gzip; larger → 413 (the gzip-bomb guard)
 * @param maxEventsPerBatch        events in one request; more → 413
 * @param maxConcurrentIngests     batches decoded at once: each may hold up to maxDecodedBytes in memory
 * @param threads                  HTTP worker threads; they only decode, store and answer, never wait for a
 *                                 client's bytes (bodies are read without a thread)
 * @param queueLength              work waiting for a worker; beyond it connections are closed
 * @param requestHeadTimeout       time for a request to arrive: from the connection's opening (TLS handshake
 *                                 included) or from the first byte of a later request on it; a request whose
 *                                 head is not complete by then is dropped
 * @param minBodyBytesPerSecond    each byte received extends that time by 1/rate seconds, so a body must keep
 *                                 coming at least at this rate (after the head timeout's allowance)
 * @param idleTimeout              a connection with nothing moving (between requests, or a client not reading
 *                                 its answer) is closed after this
 * @param maxConnectionsPerAddress connections one client address may hold at once; more are closed at accept
 */
public record CollectorLimits(
        long maxBodyBytes,
        long maxDecodedBytes,
        int maxEventsPerBatch,
        int maxConcurrentIngests,
        int threads,
        int queueLength,
        Duration requestHeadTimeout,
        long minBodyBytesPerSecond,
        Duration idleTimeout,
        int maxConnectionsPerAddress) {

    private static final long MIB = 1L << 20;

    /** Seconds, not minutes: a sensor sends its whole request at once. */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** 1 KiB/s: far below a sensor on a GPRS link (~5 KB/s), far above a trickle. */
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * 128: each sensor keeps one connection, and an office behind one NAT address may hold a hundred
     * sensors; idle and slow connections cost no worker thread, so the cap only stops one address
     * from hoarding sockets and memory.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;

    public CollectorLimits {
        if (maxBodyBytes < 1
                || maxDecodedBytes < 1
                || maxEventsPerBatch < 1
                || maxConcurrentIngests < 1
                || threads < 1
                || queueLength < 1
                || minBodyBytesPerSecond < 1
                || maxConnectionsPerAddress < 1
                || requestHeadTimeout.isNegative()
                || requestHeadTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("collector limits must be positive");
        }
    }

    /** The body and worker bounds, with the default slow-client bounds. */
    public CollectorLimits(
            long maxBodyBytes,
            long maxDecodedBytes,
            int maxEventsPerBatch,
            int maxConcurrentIngests,
            int threads,
            int queueLength) {
        this(
                maxBodyBytes,
                maxDecodedBytes,
                maxEventsPerBatch,
                maxConcurrentIngests,
                threads,
                queueLength,
                DEFAULT_REQUEST_HEAD_TIMEOUT,
                DEFAULT_MIN_BODY_BYTES_PER_SECOND,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
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
        return new CollectorLimits(
                maxBody,
                maxDecoded,
                maxEventsPerBatch,
                maxConcurrentIngests,
                threads,
                queueLength,
                requestHeadTimeout,
                minBodyBytesPerSecond,
                idleTimeout,
                maxConnectionsPerAddress);
    }

    public CollectorLimits withSlowClientLimits(
            Duration headTimeout, long minBodyRate, Duration idle, int connectionsPerAddress) {
        return new CollectorLimits(
                maxBodyBytes,
                maxDecodedBytes,
                maxEventsPerBatch,
                maxConcurrentIngests,
                threads,
                queueLength,
                headTimeout,
                minBodyRate,
                idle,
                connectionsPerAddress);
    }
}
