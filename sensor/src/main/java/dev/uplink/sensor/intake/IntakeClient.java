package dev.uplink.sensor.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Sends JSON lines to a running sensor and collects the per-line acks. Acks are read on a
 * second thread while lines are still being written, so a long input cannot deadlock on full
 * socket buffers.
 */
public final class IntakeClient {
    private final Path socket;
    private final Duration ackTimeout;

    /** Outcome of one send: lines sent (non-blank), acknowledged as stored, refused or unanswered. */
    public record Result(int sent, int stored, int refused) {
        public boolean allStored() {
            return stored == sent;
        }
    }

    public IntakeClient(Path socket, Duration ackTimeout) {
        this.socket = socket;
        this.ackTimeout = ackTimeout;
    }

    /** Sends each line (newlines inside are flattened: in JSON they are only whitespace); {@code onAck} sees every answer. */
    public Result send(Iterator<String> lines, Consumer<IntakeAck> onAck) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new IOException(
                    "cannot connect to the sensor intake socket " + socket + " (is 'uplink sensor run' running?): "
                            + e.getMessage(),
                    e);
        }
        AckCollector acks = new AckCollector(ch, onAck);
        Thread t = new Thread(acks, "intake-acks");
        t.setDaemon(true);
        t.start();
        int sent = 0;
        try (ch) {
            OutputStream out = new java.io.BufferedOutputStream(ChannelStreams.out(ch), 64 * 1024);
            while (lines.hasNext()) {
                String line = lines.next().replace('\r', ' ').replace('\n', ' ');
                if (line.isBlank()) {
                    continue;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                sent++;
            }
            out.flush();
            ch.shutdownOutput();
            acks.await(sent, ackTimeout);
        }
        int answered = acks.stored() + acks.refused();
        for (int i = answered; i < sent; i++) {
            onAck.accept(IntakeAck.refused(
                    "no answer from the sensor (connection closed or timed out); not known to be stored"));
        }
        return new Result(sent, acks.stored(), sent - acks.stored());
    }

    /** Reads ack lines until the daemon closes the connection. */
    private static final class AckCollector implements Runnable {
        private final SocketChannel ch;
        private final Consumer<IntakeAck> onAck;
        private int stored;
        private int refused;
        private boolean eof;
        private long lastProgress = System.nanoTime();

        AckCollector(SocketChannel ch, Consumer<IntakeAck> onAck) {
            this.ch = ch;
            this.onAck = onAck;
        }

        @Override
        public void run() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(ChannelStreams.in(ch), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    IntakeAck a = IntakeAck.parse(line);
                    synchronized (this) {
                        if (a.ok()) {
                            stored++;
                        } else {
                            refused++;
                        }
                        lastProgress = System.nanoTime();
                        onAck.accept(a);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // closed: the remaining lines are reported unanswered
            } finally {
                synchronized (this) {
                    eof = true;
                    notifyAll();
                }
            }
        }

        /** Waits until {@code sent} acks arrived, the connection closed, or no ack came for the timeout. */
        synchronized void await(int sent, Duration timeout) throws IOException {
            lastProgress = System.nanoTime(); // the clock runs from the end of writing, reset by every ack
            while (stored + refused < sent && !eof) {
                long left = lastProgress + timeout.toNanos() - System.nanoTime();
                if (left <= 0) {
                    ch.close();
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ch.close();
                    return;
                }
            }
        }

        synchronized int stored() {
            return stored;
        }

        synchronized int refused() {
            return refused;
        }
    }
}
