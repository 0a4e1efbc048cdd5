package dev.uplink.collector.http.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T19:00:00Z");

    @Test
    void aSessionIsA256BitRandomIdWithItsOwnCsrfToken() {
        Sessions s = new Sessions();
        Sessions.Created a = s.create("alice", T0);
        Sessions.Created b = s.create("alice", T0);
        assertEquals(43, a.id().length(), "32 bytes base64url");
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.session().csrf(), b.session().csrf());
        assertNotEquals(a.id(), a.session().csrf());
        assertEquals("alice", s.find(a.id(), T0).orElseThrow().operator());
    }

    @Test
    void expiresWhenIdle() {
        Sessions s = new Sessions();
        Sessions.Created a = s.create("alice", T0);
        Instant almost = T0.plus(Sessions.IDLE).minusSeconds(1);
        assertTrue(s.find(a.id(), almost).isPresent());
        // Used at `almost`: idle counts from there.
        assertTrue(s.find(a.id(), almost.plus(Sessions.IDLE).minusSeconds(1)).isPresent());
        assertTrue(s.find(a.id(), almost.plus(Sessions.IDLE).minusSeconds(1).plus(Sessions.IDLE))
                .isEmpty());
        assertEquals(0, s.size(), "an expired session is dropped, not just refused");
    }

    @Test
    void expiresAfterTheAbsoluteLifetimeEvenWhenUsed() {
        Sessions s = new Sessions();
        Sessions.Created a = s.create("alice", T0);
        Instant t = T0;
        while (t.isBefore(T0.plus(Sessions.ABSOLUTE).minus(Duration.ofMinutes(10)))) {
            t = t.plus(Duration.ofMinutes(10));
            assertTrue(s.find(a.id(), t).isPresent(), "used every 10 minutes at " + t);
        }
        assertTrue(s.find(a.id(), T0.plus(Sessions.ABSOLUTE)).isEmpty());
    }

    @Test
    void unknownMalformedAndRemovedIdsFindNothing() {
        Sessions s = new Sessions();
        Sessions.Created a = s.create("alice", T0);
        assertTrue(s.find(null, T0).isEmpty());
        assertTrue(s.find("short", T0).isEmpty());
        assertTrue(s.find(Sessions.random(), T0).isEmpty());
        s.remove(a.id());
        assertTrue(s.find(a.id(), T0).isEmpty());
        Sessions.Created b = s.create("bob", T0);
        s.removeOperator("bob");
        assertTrue(s.find(b.id(), T0).isEmpty());
    }
}
