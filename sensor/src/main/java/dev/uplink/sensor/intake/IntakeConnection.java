package dev.uplink.sensor.intake;

import dev.uplink.sensor.check.ConnectivityEvent;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.event.EventJson;
import dev.uplink.sensor.event.InvalidEventException;
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

    private final SocketChannel channel;
    private final EventIntake intake;
    private final String source;
    private final boolean trusted;
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
    }

    /**
     * The source a line is stored under: a connectivity check keeps {@code connectivity} from the
     * sensor's own user or root ({@code uplink sensor check}); from anyone else it is refused, because
     * the collector sees only the payload and would take it for the device's own check
     * (docs/behaviour.md#connectivity-check-events). Everything else is the peer's.
     */
    static String sourceFor(byte[] payload, String peerSource, boolean trusted) throws InvalidEventException {
        if (!ConnectivityEvent.isCheck(payload)) {
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
            while (true) {
                List<LineReader.Line> group = new ArrayList<>();
                LineReader.Line line = reader.next();
                if (line == null) {
                    break;
                }
                group.add(line);
                long bytes = line.length();
                while (group.size() < MAX_LINES_PER_GROUP
                        && bytes < MAX_BYTES_PER_GROUP
                        && reader.hasBuffered()
                        && (line = reader.next()) != null) {
                    group.add(line);
                    bytes += line.length();
                }
                for (IntakeAck ack : process(group)) {
                    out.write(ack.toJsonLine().getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("intake client {} disconnected: {}", source, e.getMessage());
        }
    }

    /**
     * Acks in line order; only an empty line gets none. A line of white space gets a refusal: a
     * client that writes a line waits for its answer (docs/behaviour.md#intake).
     */
    private List<IntakeAck> process(List<LineReader.Line> lines) {
        IntakeAck[] acks = new IntakeAck[lines.size()];
        List<EventIntake.Prepared> prepared = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LineReader.Line l = lines.get(i);
            lineNo++;
            if (l.problem() == null && l.bytes().length == 0) {
                continue;
            }
            try {
                if (l.problem() != null) {
                    throw new InvalidEventException(l.problem());
                }
                EventJson.requireObject(l.bytes());
                prepared.add(intake.prepare(sourceFor(l.bytes(), source, trusted), l.bytes()));
                slots.add(i);
            } catch (InvalidEventException e) {
                acks[i] = IntakeAck.refused("line " + lineNo + ": " + e.getMessage());
            }
        }
        try {
            intake.store(prepared);
            for (int k = 0; k < prepared.size(); k++) {
                acks[slots.get(k)] = IntakeAck.stored(prepared.get(k).id());
            }
        } catch (SpoolException e) {
            for (int slot : slots) {
                acks[slot] = IntakeAck.refused("not stored: " + e.getMessage());
            }
        }
        List<IntakeAck> out = new ArrayList<>();
        for (IntakeAck a : acks) {
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }
}
