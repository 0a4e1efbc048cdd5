package dev.uplink.sensor.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The closed set of batch outcomes. Which HTTP status lands where is decided once, in
 * {@link #ofHttpStatus}: retry only 429/502/503/504 (and connection failures), park the rest.
 */
public sealed interface SendResult {
    Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);

    /** The collector stored the batch: the spool may forget it. */
    record Committed(int status) implements SendResult {}

    /** A transient refusal (429/502/503/504); {@code retryAfter} from the Retry-After header. */
    record Retryable(int status, Optional<Duration> retryAfter, String reason) implements SendResult {
        public Retryable {
            if (!RETRYABLE_STATUSES.contains(status)) {
                throw new IllegalArgumentException("HTTP " + status + " is not retryable");
            }
        }
    }

    /** The collector will never accept this batch as is (400, 413, ...): park it with the reason. */
    record Rejected(int status, String reason) implements SendResult {
        /**
         * 400 (an event it cannot read) and 413 (too large) may be about some events only: the
         * batch is split to deliver the rest. Any other refusal (401, 403, 415, 500 ...) would be
         * the same for every part.
         */
        public boolean isolatesEvents() {
            return status == 400 || status == 413;
        }
    }

    /** No HTTP answer: DNS, TCP, proxy, TLS or timeout. Retried. */
    record ConnectionFailed(String reason) implements SendResult {}

    static SendResult committed() {
        return new Committed(200);
    }

    /** Classifies an HTTP answer; {@code retryAfterHeader} may be null. */
    static SendResult ofHttpStatus(int status, String retryAfterHeader, String reason, Instant now) {
        if (status >= 200 && status < 300) {
            return new Committed(status);
        }
        if (RETRYABLE_STATUSES.contains(status)) {
            return new Retryable(status, RetryAfter.parse(retryAfterHeader, now), reason);
        }
        return new Rejected(status, reason);
    }
}
