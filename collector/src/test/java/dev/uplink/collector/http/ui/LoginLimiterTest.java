package dev.uplink.collector.http.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T19:00:00Z");

    @Test
    void fiveAttemptsAMinutePerAddressThenAWaitUntilTheOldestLeavesTheWindow() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < LoginLimiter.ATTEMPTS; i++) {
            assertTrue(l.attempt("192.0.2.1", "user" + i, T0.plusSeconds(i)).isEmpty(), "attempt " + i);
        }
        Optional<Duration> wait = l.attempt("192.0.2.1", "other", T0.plusSeconds(10));
        assertEquals(Optional.of(Duration.ofSeconds(50)), wait);
        assertTrue(l.attempt("192.0.2.2", "other", T0.plusSeconds(10)).isEmpty(), "another address is not affected");
        assertTrue(l.attempt("192.0.2.1", "other", T0.plusSeconds(60)).isEmpty(), "the first attempt left the window");
    }

    @Test
    void fiveAttemptsAMinutePerNameWhateverTheAddress() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < LoginLimiter.ATTEMPTS; i++) {
            assertTrue(l.attempt("192.0.2." + i, "alice", T0).isEmpty());
        }
        assertTrue(l.attempt("198.51.100.9", "alice", T0.plusSeconds(1)).isPresent());
        assertTrue(l.attempt("198.51.100.9", "bob", T0.plusSeconds(1)).isEmpty());
    }

    @Test
    void aRefusedAttemptDoesNotExtendTheWait() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < LoginLimiter.ATTEMPTS; i++) {
            l.attempt("192.0.2.1", "alice", T0);
        }
        for (int i = 1; i < 59; i++) {
            assertTrue(l.attempt("192.0.2.1", "alice", T0.plusSeconds(i)).isPresent());
        }
        assertTrue(l.attempt("192.0.2.1", "alice", T0.plus(LoginLimiter.WINDOW)).isEmpty());
    }
}
