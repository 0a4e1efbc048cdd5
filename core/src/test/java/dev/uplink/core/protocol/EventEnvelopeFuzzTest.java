package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.fuzz.DeepJson;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract between the two ends: every payload {@link EventEnvelope#checkPayload} accepts,
 * once {@link EventEnvelope#encode encoded} within {@link EventLimits#MAX_EVENT_BYTES}, is
 * {@link EventEnvelope#decode decoded} by the collector with the same id and the payload bytes as
 * sent. Replay a failure with the seed from jqwik's report: {@code @Property(seed = "...")}.
 */
class EventEnvelopeFuzzTest {
    private static final String ID = "0194f0a4-7b1c-7d2e-8f00-0123456789ab";
    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");

    static List<byte[]> seeds() {
        List<String> lines =
                new ArrayList<>(TableRows.column(EventEnvelopeTest.class, "wrapsThePayloadAsSubmitted", 1));
        lines.addAll(TableRows.column(EventEnvelopeTest.class, "checkPayloadRefusesWhatTheCollectorWould", 0));
        List<byte[]> seeds = new ArrayList<>(
                lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList());
        seeds.add(DeepJson.object(EventLimits.MAX_PAYLOAD_DEPTH, 1));
        seeds.add(DeepJson.object(EventLimits.MAX_PAYLOAD_DEPTH - 1, 2));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzBytes> payloads() {
        return Arbitraries.oneOf(Mutations.bytes(seeds(), Mutations.JSON), Mutations.randomBytes(300));
    }

    @Provide
    Arbitrary<DeepJson.Deep> deep() {
        return DeepJson.around(EventLimits.MAX_PAYLOAD_DEPTH);
    }

    @Property(tries = 1000)
    void whatTheCheckAcceptsTheCollectorDecodes(@ForAll("payloads") FuzzBytes payload) {
        roundTrip(payload.bytes());
    }

    /** Near the nesting limit: accepted exactly up to it, and then always decoded. */
    @Property(tries = 200)
    void deepPayloadsAreAcceptedExactlyUpToTheLimit(@ForAll("deep") DeepJson.Deep payload) {
        boolean accepted = roundTrip(payload.json());
        assertEquals(payload.depth() <= EventLimits.MAX_PAYLOAD_DEPTH, accepted, payload.toString());
    }

    /** True when the check accepted the payload (and then the decode must have too). */
    private static boolean roundTrip(byte[] payload) {
        Fuzz.Outcome<byte[]> checked = Fuzz.parse(payload.length, EnvelopeFormatException.class, () -> {
            EventEnvelope.checkPayload(payload);
            return EventEnvelope.encode(ID, AT, "uid:1000", payload);
        });
        if (!checked.parsed() || checked.value().length > EventLimits.MAX_EVENT_BYTES) {
            return checked.parsed();
        }
        byte[] line = checked.value();
        EventEnvelope decoded = Fuzz.neverThrows(line.length, () -> EventEnvelope.decode(line, 0, line.length));
        assertEquals(ID, decoded.id());
        // The payload travels as sent, but for CR and LF (white space) turned into spaces; the slice
        // starts and ends at the value, without the white space around it.
        String sent = new String(payload, StandardCharsets.UTF_8)
                .replace('\r', ' ')
                .replace('\n', ' ')
                .trim();
        assertEquals(sent, decoded.payloadJson());
        return true;
    }
}
