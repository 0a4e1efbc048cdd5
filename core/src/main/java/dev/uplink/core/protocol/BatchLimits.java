package dev.uplink.core.protocol;

/**
 * The limits of one {@code POST /v1/events} batch, which both ends must agree on: the collector
 * refuses a larger batch with 413, and a sensor that sent one would park every event in it
 * (docs/behaviour.md#collector-answers-and-limits). Defined once so the two cannot drift apart.
 */
public final class BatchLimits {

    /** Events in one batch. */
    public static final int MAX_EVENTS = 100_000;
    /** The batch as sent, compressed or not. */
    public static final long MAX_BODY_BYTES = 32L << 20;
    /** The batch after decompression (the gzip-bomb guard). */
    public static final long MAX_DECODED_BYTES = 32L << 20;
    /**
     * The uncompressed batch a sensor builds: below {@link #MAX_DECODED_BYTES}, with room for the
     * envelope bytes a batch gains on its way.
     */
    public static final long MAX_SENSOR_BATCH_BYTES = 20L << 20;

    private BatchLimits() {}
}
