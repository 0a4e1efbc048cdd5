package dev.uplink.sensor.intake;

import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.sensor.check.ConnectivityEvent;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.event.EventJson;
import dev.uplink.sensor.event.InvalidEventException;
import dev.uplink.sensor.spool.RecordBuffer;
import dev.uplink.sensor.spool.SpoolException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client on the intake socket. Lines already buffered are stored together (one group
 * commit), then acknowledged in order; each ack is written only after its event is durable.
 */
final class IntakeConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeConnection.class);
    private static final int MAX_LINES_PER_GROUP = 1000;
    /** Bounds the memory one client can pin while its group waits for the fsync. */
    private static final long MAX_BYTES_PER_GROUP = 4L << 20;

    private static final int INITIAL_ENVELOPE_BYTES = 64 * 1024;
    /**
     * A group's envelope buffer larger than this is not kept for the next group: a connection that
     * once sent a group of large events does not hold megabytes while it is quiet.
     */
    private static final int MAX_KEPT_ENVELOPE_BYTES = 1 << 20;

    private final SocketChannel channel;
    private final EventIntake intake;
    private final String source;
    private final boolean trusted;
    /** The peer's source as the envelope carries it, quoted once for all its events. */
    private final byte[] quotedSource;

    private byte[] quotedCheckSource;
    /** Where each stored ack is assembled before it goes to the buffered stream in one write. */
    private final byte[] ackLine = new byte[256];

    /**
     * The envelopes of the current group, encoded one after another and reused from group to group
     * (docs/behaviour.md#intake): an array per event lived until the fsync and was promoted by young
     * collections, which filled the old generation under load (bench/sensor/README.md).
     */
    private RecordBuffer envelopes = new RecordBuffer(INITIAL_ENVELOPE_BYTES);

    private long lineNo;

    IntakeConnection(SocketChannel channel, EventIntake intake, String source) {
        this(channel, intake, source, false);
    }

    /** {@code trusted}: the peer may submit connectivity checks under their own source. */
    IntakeConnection(SocketChannel channel, EventIntake intake, String source, boolean trusted) {
        this.trusted = trusted;
        this.channel = channel;
        this.intake = intake;
        this.source = source;
        this.quotedSource = EventEnvelope.quoteSource(source);
    }

    private byte[] quoted(String eventSource) {
        if (eventSource.equals(source)) {
            return quotedSource;
        }
        if (quotedCheckSource == null) {
            quotedCheckSource = EventEnvelope.quoteSource(ConnectivityEvent.SOURCE);
        }
        return eventSource.equals(ConnectivityEvent.SOURCE)
                ? quotedCheckSource
                : EventEnvelope.quoteSource(eventSource);
    }

    /**
     * The source a line is stored under: a connectivity check keeps {@code connectivity} from the
     * sensor's own user or root ({@code uplink sensor check}); from anyone else it is refused, because
     * the collector sees only the payload and would take it for the device's own check
     * (docs/behaviour.md#connectivity-check-events). Everything else is the peer's.
     */
    static String sourceFor(byte[] payload, String peerSource, boolean trusted) throws InvalidEventException {
        return sourceFor(payload, 0, payload.length, peerSource, trusted);
    }

    private static String sourceFor(byte[] buf, int off, int len, String peerSource, boolean trusted)
            throws InvalidEventException {
        if (!ConnectivityEvent.isCheck(buf, off, len)) {
            return peerSource;
        }
        if (!trusted) {
            throw new InvalidEventException("a connectivity check (type " + ConnectivityEvent.TYPE
                    + ") is accepted only from the sensor's own user or root: run 'uplink sensor check' as that user");
        }
        return ConnectivityEvent.SOURCE;
    }

    @Override
    public void run() {
        try (channel) {
            // Room for the envelope (id, time, source) around the payload.
            LineReader reader = new LineReader(ChannelStreams.in(channel), intake.maxEventBytes());
            OutputStream out = new BufferedOutputStream(ChannelStreams.out(channel), 64 * 1024);
            while (reader.advance()) {
                Group group = new Group();
                group.add(reader);
                while (group.lines < MAX_LINES_PER_GROUP
                        && group.bytes < MAX_BYTES_PER_GROUP
                        && reader.hasBuffered()
                        && reader.advance()) {
                    group.add(reader);
                }
                group.storeAndAnswer(out);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("intake client {} disconnected: {}", source, e.getMessage());
        }
    }

    /**
     * The lines of one group commit. Each line is checked and wrapped as it is read, and only its
     * envelope is kept: the submitted bytes are garbage at once instead of waiting for the fsync
     * beside their envelope (with four busy clients that was megabytes outliving young collections).
     */
    private final class Group {
        /** The id of each event in {@link #envelopes}, in order. */
        private final List<String> ids = new ArrayList<>();
        /** One entry per line that gets an answer, in line order: its refusal, or null for the next prepared event. */
        private final List<IntakeAck> refusals = new ArrayList<>();

        private int lines;
        private long bytes;

        /**
         * Acks in line order; only an empty line gets none. A line of white space gets a refusal: a
         * client that writes a line waits for its answer (docs/behaviour.md#intake).
         */
        void add(LineReader l) {
            lines++;
            int len = l.lineLength();
            bytes += len;
            lineNo++;
            if (l.problem() == null && len == 0) {
                return;
            }
            try {
                if (l.problem() != null) {
                    throw new InvalidEventException(l.problem());
                }
                // The line is checked and wrapped where the reader holds it: its only copy is the envelope's.
                byte[] buf = l.lineArray();
                int off = l.lineOffset();
                EventJson.requireObject(buf, off, len, l.scan());
                byte[] src = quoted(sourceFor(buf, off, len, source, trusted));
                ids.add(intake.prepareInto(envelopes, src, buf, off, len, l.scan()));
                refusals.add(null);
            } catch (InvalidEventException e) {
                refusals.add(IntakeAck.refused("line " + lineNo + ": " + e.getMessage()));
            }
        }

        /** Stores the prepared events with one fsync, then answers every line in order. */
        void storeAndAnswer(OutputStream out) throws IOException {
            String notStored = null;
            try {
                intake.store(envelopes);
                if (envelopes.array().length > MAX_KEPT_ENVELOPE_BYTES) {
                    envelopes = new RecordBuffer(INITIAL_ENVELOPE_BYTES);
                } else {
                    envelopes.clear();
                }
            } catch (SpoolException | RuntimeException e) {
                // The spool's writer may still read this buffer (an interrupted wait): never reuse it.
                envelopes = new RecordBuffer(INITIAL_ENVELOPE_BYTES);
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                notStored = "not stored: " + e.getMessage();
            }
            int next = 0;
            for (IntakeAck refusal : refusals) {
                IntakeAck ack = refusal;
                if (ack == null) {
                    String id = ids.get(next++);
                    if (notStored == null) {
                        int n = IntakeAck.writeStoredLine(id, ackLine);
                        if (n > 0) {
                            out.write(ackLine, 0, n);
                            continue;
                        }
                    }
                    ack = notStored == null ? IntakeAck.stored(id) : IntakeAck.refused(notStored);
                }
                out.write(ack.toJsonLine().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
