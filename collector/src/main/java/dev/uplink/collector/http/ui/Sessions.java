package dev.uplink.collector.http.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, kept in this collector process's memory: a session id is 32 random bytes,
 * expires after {@link #IDLE} without use and {@link #ABSOLUTE} after login whatever the use, and
 * carries its CSRF token (docs/behaviour.md#dashboard-and-operator-access). Behind a load balancer
 * with several collectors an operator logs in to each (or the balancer keeps them on one); API
 * tokens live in the store and work on every collector.
 */
final class Sessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);

    /** Beyond this many live sessions the oldest is dropped: memory stays bounded whatever logs in. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String operator, String csrf, Instant created, Instant lastUsed) {}

    /** A new session: the cookie value (shown to the browser only) and the session. */
    record Created(String id, Session session) {}

    /** Keyed by the SHA-256 of the id, so the map holds nothing a cookie could be rebuilt from. */
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();

    Created create(String operator, Instant now) {
        if (byHash.size() >= MAX_SESSIONS) {
            expire(now);
            if (byHash.size() >= MAX_SESSIONS) {
                byHash.entrySet().stream()
                        .min(Map.Entry.comparingByValue((a, b) -> a.lastUsed().compareTo(b.lastUsed())))
                        .ifPresent(e -> byHash.remove(e.getKey()));
            }
        }
        String id = random();
        Session s = new Session(operator, random(), now, now);
        byHash.put(key(id), s);
        return new Created(id, s);
    }

    /** The live session of this cookie value, marked used now; expired ones are removed. */
    Optional<Session> find(String id, Instant now) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        String key = key(id);
        Session s = byHash.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byHash.remove(key, s);
            return Optional.empty();
        }
        Session used = new Session(s.operator(), s.csrf(), s.created(), now);
        byHash.replace(key, s, used);
        return Optional.of(used);
    }

    void remove(String id) {
        if (id != null) {
            byHash.remove(key(id));
        }
    }

    /** Removes every session of {@code operator} (after operators remove, a live session must end too). */
    void removeOperator(String operator) {
        byHash.values().removeIf(s -> s.operator().equals(operator));
    }

    void expire(Instant now) {
        byHash.values().removeIf(s -> expired(s, now));
    }

    int size() {
        return byHash.size();
    }

    private static boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastUsed().plus(IDLE))
                || !now.isBefore(s.created().plus(ABSOLUTE));
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }
}
