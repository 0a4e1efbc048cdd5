package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.EventBatch;
import dev.uplink.collector.store.IngestResult;
import dev.uplink.collector.testing.CheckPayloads;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch as the decoder hands it to the store: the decoder marks the payloads that cannot be
 * checks so that the health step skips them, and the checks among plain events are still applied
 * (docs/behaviour.md#fleet-health).
 */
class DecodedChecksTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void checksAmongPlainEventsAreAppliedAndPlainEventsAreMarked() throws Exception {
        try (CollectorStore store = CollectorStore.open(dir.resolve("data"))) {
            EnrollmentService service = new EnrollmentService(store.tokens(), Clock.fixed(T0, ZoneOffset.UTC));
            String device = service.enroll(
                            service.issue(Duration.ofHours(1)).token().reveal(), "pc-1")
                    .credential()
                    .id();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < 120; i++) {
                EventEnvelope e = i == 77
                        ? CheckPayloads.check("chk-77", T0)
                                .ok("example.com", "GET")
                                .event("e" + i)
                        : new EventEnvelope("e" + i, "{\"type\":\"process\",\"n\":" + i + "}");
                body.writeBytes(EventEnvelope.encode(
                        e.id(), T0, "socket:root", e.payloadJson().getBytes(StandardCharsets.UTF_8)));
                body.write('\n');
            }
            List<EventEnvelope> batch = new BatchDecoder(CollectorLimits.defaults())
                    .decode(new ByteArrayInputStream(body.toByteArray()), null);
            EventBatch decoded = (EventBatch) batch;
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(i != 77, decoded.notACheck(i), "event " + i);
            }
            assertEquals(new IngestResult(120, 0), store.events().ingest(device, batch, T0.plusSeconds(5)));
            assertTrue(store.health().device(device, T0.plusSeconds(6)).isPresent(), "the check was not applied");
        }
    }
}
