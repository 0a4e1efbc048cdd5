package dev.uplink.sensor.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.Utf8;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import dev.uplink.core.protocol.IsoInstant;
import dev.uplink.sensor.spool.RecordBuffer;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way events enter the spool (socket, heartbeat, inventory): each gets an id and a
 * receive time, is wrapped in an {@link EventEnvelope}, and storing returns once it is durable.
 */
public final class EventIntake {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Spool spool;
    private final EventIdGenerator ids;
    private final Clock clock;

    /** An envelope ready to be stored. */
    public record Prepared(String id, byte[] record) {}

    public EventIntake(Spool spool, EventIdGenerator ids, Clock clock) {
        this.spool = spool;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Wraps a payload, the UTF-8 bytes of one JSON object already checked by
     * {@link EventJson#requireObject}; refuses it when the envelope would exceed the spool's record
     * limit or the collector's event limit ({@link EventLimits#MAX_EVENT_BYTES}).
     */
    public Prepared prepare(String source, byte[] payloadJson) throws InvalidEventException {
        return prepare(EventEnvelope.quoteSource(source), payloadJson, Utf8.scan(payloadJson, 0, payloadJson.length));
    }

    /**
     * {@link #prepare(String, byte[])} with the source {@link EventEnvelope#quoteSource quoted} once
     * per client and the payload's {@link Utf8#scan} from the intake's line reader.
     */
    public Prepared prepare(byte[] quotedSource, byte[] payloadJson, int scan) throws InvalidEventException {
        return prepare(quotedSource, payloadJson, 0, payloadJson.length, scan);
    }

    /** {@link #prepare(byte[], byte[], int)} for the payload {@code buf[off, off+len)}, copied only into the envelope. */
    public Prepared prepare(byte[] quotedSource, byte[] buf, int off, int len, int scan) throws InvalidEventException {
        String id = ids.nextString();
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] at = IsoInstant.ascii(clock.instant());
        int size = EventEnvelope.encodedLength(idBytes, at, quotedSource, len);
        requireWithinLimit(size, at.length);
        byte[] bytes = new byte[size];
        EventEnvelope.encodeInto(bytes, 0, idBytes, at, quotedSource, buf, off, len, scan);
        return new Prepared(id, bytes);
    }

    /**
     * {@link #prepare(byte[], byte[], int, int, int)} with the envelope written into {@code into} as
     * its next record (nothing is added when the event is refused); returns the event's id.
     */
    public String prepareInto(RecordBuffer into, byte[] quotedSource, byte[] buf, int off, int len, int scan)
            throws InvalidEventException {
        String id = ids.nextString();
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] at = IsoInstant.ascii(clock.instant());
        int size = EventEnvelope.encodedLength(idBytes, at, quotedSource, len);
        requireWithinLimit(size, at.length);
        int start = into.reserve(size);
        into.add(EventEnvelope.encodeInto(into.array(), start, idBytes, at, quotedSource, buf, off, len, scan));
        return id;
    }

    /**
     * Refuses an envelope of {@code size} bytes, whose time took {@code timeLength} characters, over
     * the limit. The time is counted at its longest: an instant's text is 20 to 30 characters (as
     * {@link java.time.Instant#toString}, by how many of its fraction digits are zero), and an event
     * near the limit would otherwise be stored or refused by the clock (docs/behaviour.md#intake).
     */
    private void requireWithinLimit(int size, int timeLength) throws InvalidEventException {
        int counted = size + Math.max(0, LONGEST_TIME - timeLength);
        if (counted > maxEventBytes()) {
            throw new InvalidEventException(
                    "event too large: " + counted + " bytes with its envelope, limit " + maxEventBytes());
        }
    }

    /** {@code 2026-12-02T03:19:16.123456789Z}: the longest receive time of years 0000-9999. */
    static final int LONGEST_TIME = 30;

    /** Stores the records of {@code envelopes} in order with one group commit; returns once all are durable. */
    public void store(RecordBuffer envelopes) throws SpoolException {
        spool.appendAll(envelopes);
    }

    /** Stores prepared events in order with one group commit; returns once all are durable. */
    public void store(List<Prepared> events) throws SpoolException {
        List<byte[]> records = new ArrayList<>(events.size());
        for (Prepared p : events) {
            records.add(p.record());
        }
        spool.appendAll(records);
    }

    /** Stores one event from an internal source; returns its id once durable. */
    public String submit(String source, ObjectNode payload) throws SpoolException {
        Prepared p;
        try {
            byte[] json = JSON.writeValueAsBytes(payload);
            EventJson.requireObject(json); // the same limits as the socket's events: the collector applies them to all
            p = prepare(source, json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event from " + source, e);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        store(List.of(p));
        return p.id();
    }

    /** The envelope line's limit: the spool's record limit, never above what the collector accepts. */
    public int maxEventBytes() {
        return Math.min(spool.options().maxRecordBytes(), EventLimits.MAX_EVENT_BYTES);
    }
}
