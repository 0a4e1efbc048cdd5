package dev.uplink.sensor.delivery;

/**
 * Delivers one batch to the collector. Implementations (the real one goes through the shared
 * Connector and RouteResolver) classify the outcome; they must not retry themselves — the
 * delivery loop owns retries, backoff and parking. Exceptions count as connection failures.
 */
@FunctionalInterface
public interface BatchSender {

    /**
     * @param gzippedJsonLines the events, one envelope JSON per line, gzip-compressed
     *                         (send with {@code Content-Encoding: gzip})
     * @param count            number of events in the batch
     */
    SendResult send(byte[] gzippedJsonLines, int count);

    /** Closes connections kept open between batches (called when delivery stops). */
    default void closeIdleConnections() {}

    /** The collectors this sender chooses between, for the status; null when it does not choose. */
    default CollectorSelector collectors() {
        return null;
    }
}
