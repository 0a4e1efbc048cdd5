package dev.uplink.core.connect;

import java.util.List;

/**
 * Every attempt made for one request across its route list, in order; the last one is the
 * answer. Earlier attempts are proxies that could not be reached (for --explain and reports).
 */
public record Execution(List<Outcome> attempts) {

    public Execution {
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("an execution has at least one attempt");
        }
    }

    public Outcome outcome() {
        return attempts.get(attempts.size() - 1);
    }

    public boolean succeeded() {
        return outcome().succeeded();
    }

    /** True when a route other than the first one gave the final answer. */
    public boolean fellBack() {
        return attempts.size() > 1;
    }
}
