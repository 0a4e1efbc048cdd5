package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.auth.Secrets;
import dev.uplink.core.protocol.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link EventStore} implementation (docs/behaviour.md#dedupe-at-the-collector):
 * dedupe per device and event id, the first copy wins, a batch is all or nothing, arrival order,
 * {@code since} by arrival time. SQLite runs it now ({@link SqliteEventStoreTest}); a second store
 * (PostgreSQL) extends this class and supplies {@link #openEmpty()} and {@link #closeStore()}.
 */
public abstract class EventStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected EventStore events;

    /** A fresh, empty store for one test. */
    protected abstract EventStore openEmpty() throws Exception;

    protected abstract void closeStore() throws Exception;

    @BeforeEach
    void openContractStore() throws Exception {
        events = openEmpty();
    }

    @AfterEach
    void closeContractStore() throws Exception {
        closeStore();
    }

    protected static List<EventEnvelope> batch(String... ids) {
        List<EventEnvelope> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new EventEnvelope(id, "{\"n\":\"" + id + "\"}"));
        }
        return out;
    }

    protected List<StoredEvent> all() {
        List<StoredEvent> all = new ArrayList<>();
        events.query(null, all::add);
        return all;
    }

    private static List<String> keys(List<StoredEvent> events) {
        return events.stream().map(e -> e.deviceId() + "/" + e.id()).toList();
    }

    @Test
    void duplicateIdsOfOneDeviceAreStoredOnceWithinAndAcrossBatches() {
        assertEquals(new IngestResult(2, 1), events.ingest("dev-a", batch("e1", "e2", "e1"), T0));
        assertEquals(new IngestResult(1, 2), events.ingest("dev-a", batch("e2", "e3", "e1"), T0.plusSeconds(1)));
        assertEquals(3, events.count(null));
        List<StoredEvent> all = all();
        assertEquals(
                List.of("e1", "e2", "e3"), all.stream().map(StoredEvent::id).toList());
        // The first copy wins: the resent e1 did not overwrite its arrival time.
        assertEquals(T0, all.get(0).receivedAt());
        assertEquals("{\"n\":\"e1\"}", all.get(0).payloadJson());
        assertEquals("dev-a", all.get(0).deviceId());
    }

    @Test
    void theSameIdFromTwoDevicesIsStoredForEachAndStillDedupedPerDevice() {
        assertEquals(new IngestResult(2, 0), events.ingest("dev-a", batch("e1", "e2"), T0));
        // Another device's e1 is a different event: one device must not be able to suppress another's.
        assertEquals(new IngestResult(2, 0), events.ingest("dev-b", batch("e1", "e3"), T0.plusSeconds(1)));
        assertEquals(new IngestResult(0, 2), events.ingest("dev-b", batch("e1", "e3"), T0.plusSeconds(2)));
        assertEquals(new IngestResult(1, 2), events.ingest("dev-a", batch("e1", "e2", "e3"), T0.plusSeconds(3)));
        assertEquals(List.of("dev-a/e1", "dev-a/e2", "dev-b/e1", "dev-b/e3", "dev-a/e3"), keys(all()));
        assertEquals(5, events.count(null));
    }

    /**
     * Batches the size a sensor sends, not a multiple of any statement or COPY size, with
     * duplicates inside one statement's rows, across statement boundaries and from an earlier
     * batch: counts, the first copy, the device and arrival order as for small batches.
     */
    @Test
    void largeBatchesDedupeAcrossStatementBoundariesAndKeepTheirOrder() {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 237; i++) {
            first.add("a" + i);
        }
        first.set(3, "a1"); // within the first rows
        first.set(77, "a20"); // a later statement repeats an earlier one's id
        first.set(236, "a200"); // the remainder repeats a full statement's id
        assertEquals(new IngestResult(234, 3), events.ingest("dev-a", batch(first.toArray(String[]::new)), T0));
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 151; i++) {
            second.add(i % 2 == 0 ? first.get(i) : "b" + i); // every other one already stored
        }
        assertEquals(
                new IngestResult(75, 76),
                events.ingest("dev-a", batch(second.toArray(String[]::new)), T0.plusSeconds(1)));
        assertEquals(new IngestResult(151, 0), events.ingest("dev-b", batch(second.toArray(String[]::new)), T0));
        List<StoredEvent> all = all();
        assertEquals(234 + 75 + 151, all.size());
        List<String> expected = new ArrayList<>();
        first.stream().distinct().forEach(id -> expected.add("dev-a/" + id));
        second.stream().filter(id -> id.startsWith("b")).forEach(id -> expected.add("dev-a/" + id));
        List<String> devB = second.stream().map(id -> "dev-b/" + id).toList();
        List<String> keys = keys(all);
        // dev-b's batch arrived at T0, dev-a's second at T0 + 1 s: arrival time orders first.
        assertEquals(expected.subList(0, 234), keys.subList(0, 234));
        assertEquals(devB, keys.subList(234, 234 + 151));
        assertEquals(expected.subList(234, expected.size()), keys.subList(234 + 151, keys.size()));
        assertEquals("{\"n\":\"a1\"}", all.get(1).payloadJson());
        assertEquals(T0, all.get(0).receivedAt());
    }

    @Test
    void aFailedBatchLeavesNothingBehind() {
        List<EventEnvelope> batch = new ArrayList<>(batch("ok1", "ok2"));
        batch.add(null); // fails inside the transaction, after two inserts
        assertThrows(RuntimeException.class, () -> events.ingest("dev-a", batch, T0));
        assertEquals(0, events.count(null));
    }

    @Test
    void sinceFiltersByArrivalTime() {
        events.ingest("dev-a", batch("old"), T0);
        events.ingest("dev-a", batch("mid"), T0.plusSeconds(60));
        events.ingest("dev-b", batch("new"), T0.plusSeconds(120));
        assertEquals(2, events.count(T0.plusSeconds(60)));
        List<String> ids = new ArrayList<>();
        events.query(T0.plusSeconds(61), e -> ids.add(e.id()));
        assertEquals(List.of("new"), ids);
        assertEquals(0, events.count(T0.plusSeconds(121)));
    }

    @Test
    void eventsComeBackInArrivalOrderEvenWhenIdsSortOtherwise() {
        events.ingest("dev-b", batch("z", "a"), T0);
        events.ingest("dev-a", batch("m"), T0);
        events.ingest("dev-a", batch("b"), T0.plusSeconds(1));
        assertEquals(List.of("dev-b/z", "dev-b/a", "dev-a/m", "dev-a/b"), keys(all()));
    }

    /** Opens another handle on the store under test, for its housekeeping ({@link Store#retain}). */
    protected abstract Store store();

    @Test
    void retainRemovesOlderEventsAndTheRestStaysDeduped() {
        // Sensor time and arrival time agree here: SQLite retains by arrival, PostgreSQL by the event's own time.
        Instant now = T0.plus(java.time.Duration.ofDays(40));
        for (int daysAgo : new int[] {35, 31, 29, 1}) {
            Instant at = now.minus(java.time.Duration.ofDays(daysAgo));
            events.ingest("dev-a", List.of(new EventEnvelope("d" + daysAgo, "{}", at)), at);
        }
        Retained r = store().retain(now.minus(java.time.Duration.ofDays(30)));
        assertEquals(List.of("d29", "d1"), all().stream().map(StoredEvent::id).toList());
        // No partitions were prepared: in PostgreSQL the dated rows wait in the default partition.
        assertEquals(new Retained(List.of(), 2), r);
        Instant at = now.minus(java.time.Duration.ofDays(29));
        assertEquals(
                new IngestResult(0, 1),
                events.ingest("dev-a", List.of(new EventEnvelope("d29", "{}", at)), now),
                "a kept event is still a duplicate");
        assertEquals(2, events.count(null));
    }

    // Enrolment retried after a lost answer (docs/behaviour.md#enrolment): the same attempt (same
    // token, same device-chosen secret) gets the same device; nobody else gets anything.

    protected static final Clock ENROL_CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    protected EnrollmentService enrollment(Store s) {
        return new EnrollmentService(s.tokens(), ENROL_CLOCK);
    }

    @Test
    void aRedeemedTokenRetriedWithTheSameDeviceSecretGetsTheSameDevice() throws Exception {
        EnrollmentService service = enrollment(store());
        String token = service.issue(Duration.ofHours(1)).token().reveal();
        String secret = Secrets.newSecret();
        EnrollmentService.Enrolled first = service.enroll(token, "laptop", null, secret);
        EnrollmentService.Enrolled retry = service.enroll(token, "laptop", null, secret);
        assertFalse(first.retried());
        assertTrue(retry.retried());
        assertEquals(first.credential().id(), retry.credential().id());
        assertEquals(secret, retry.credential().secret());
        assertEquals(1, store().devices().list().size(), "one device, not two");
        // The store keeps the hash of the device's secret, and the retried credential authenticates.
        DeviceStore.Credential stored =
                store().devices().credential(first.credential().id()).orElseThrow();
        assertTrue(java.util.Arrays.equals(Secrets.hash(secret), stored.secretHash()));
        assertEquals(
                first.credential().id(),
                new DeviceAuthenticator(store().devices())
                        .authenticate("Bearer " + retry.credential().reveal()));
    }

    @Test
    void aRedeemedTokenWithAnotherSecretOrNoneIsRefusedAsAlreadyUsed() throws Exception {
        EnrollmentService service = enrollment(store());
        String token = service.issue(Duration.ofHours(1)).token().reveal();
        service.enroll(token, "laptop", null, Secrets.newSecret());
        for (String other : new String[] {Secrets.newSecret(), null}) {
            AuthException e = assertThrows(AuthException.class, () -> service.enroll(token, "thief", null, other));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("already used"), e.getMessage());
        }
        assertEquals(
                List.of("laptop"),
                store().devices().list().stream().map(Device::name).toList());
    }

    @Test
    void aRevokedDeviceIsNotHandedOutAgainByARetry() throws Exception {
        EnrollmentService service = enrollment(store());
        String token = service.issue(Duration.ofHours(1)).token().reveal();
        String secret = Secrets.newSecret();
        String id = service.enroll(token, "laptop", null, secret).credential().id();
        assertTrue(store().devices().revoke(id, T0));
        AuthException e = assertThrows(AuthException.class, () -> service.enroll(token, "laptop", null, secret));
        assertEquals(403, e.status());
    }

    @Test
    void aMalformedDeviceSecretIsRefusedAndLeavesTheTokenUnused() throws Exception {
        EnrollmentService service = enrollment(store());
        String token = service.issue(Duration.ofHours(1)).token().reveal();
        AuthException e =
                assertThrows(AuthException.class, () -> service.enroll(token, "laptop", null, "short-and-weak"));
        assertEquals(400, e.status());
        assertFalse(e.getMessage().contains("short-and-weak"), e.getMessage());
        assertEquals(
                "laptop",
                service.enroll(token, "laptop", null, Secrets.newSecret()).deviceName());
    }
}
