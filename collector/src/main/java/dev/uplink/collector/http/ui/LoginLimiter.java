package dev.uplink.collector.http.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login attempts per client address and per operator name: at most {@link #ATTEMPTS} in any
 * {@link #WINDOW}, then 429 with Retry-After until the oldest attempt leaves the window
 * (docs/behaviour.md#dashboard-and-operator-access). Per name as well as per address, so spreading a
 * guess over many addresses does not multiply the guesses at one operator's password. Every attempt
 * counts, successful or not: a success does not reset the window, so a stolen password cannot be
 * used to probe others faster.
 */
final class LoginLimiter {

    static final int ATTEMPTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * Keys kept at most; beyond, the map is swept, and if it is still full every attempt waits a
     * window (fail closed: forgetting the counts would let a flood of addresses reset them).
     */
    static final int MAX_KEYS = 50_000;

    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    /**
     * Records an attempt by {@code address} at {@code name}; empty if it may proceed, else how long
     * until it may.
     */
    Optional<Duration> attempt(String address, String name, Instant now) {
        if (attempts.size() > MAX_KEYS) {
            sweep(now);
            if (attempts.size() > MAX_KEYS) {
                return Optional.of(WINDOW);
            }
        }
        Optional<Duration> byAddress = check("a:" + address, now);
        Optional<Duration> byName = check("n:" + name, now);
        if (byAddress.isPresent() || byName.isPresent()) {
            Duration wait = byAddress.orElse(Duration.ZERO);
            if (byName.isPresent() && byName.get().compareTo(wait) > 0) {
                wait = byName.get();
            }
            return Optional.of(wait);
        }
        record("a:" + address, now);
        record("n:" + name, now);
        return Optional.empty();
    }

    private Optional<Duration> check(String key, Instant now) {
        Deque<Instant> d = attempts.get(key);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            Instant cutoff = now.minus(WINDOW);
            while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) {
                d.pollFirst();
            }
            if (d.size() < ATTEMPTS) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, d.peekFirst().plus(WINDOW));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> d = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(now);
        }
    }

    private void sweep(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        attempts.values().removeIf(d -> {
            synchronized (d) {
                return d.isEmpty() || !d.peekLast().isAfter(cutoff);
            }
        });
    }
}
