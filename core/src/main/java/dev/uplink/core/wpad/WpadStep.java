package dev.uplink.core.wpad;

import java.util.Objects;

/**
 * One thing discovery tried, in order: which method, the candidate (a PAC URL, a lease directory,
 * an interface), what came of it, a human-readable detail and how long it took.
 */
public record WpadStep(WpadMethod method, String candidate, WpadOutcome outcome, String detail, long elapsedMillis) {
    public WpadStep {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        if (elapsedMillis < 0) {
            throw new IllegalArgumentException("elapsedMillis < 0");
        }
    }

    @Override
    public String toString() {
        return method.label() + " " + candidate + ": " + outcome.label() + (detail.isEmpty() ? "" : " (" + detail + ")")
                + " [" + elapsedMillis + " ms]";
    }
}
