package dev.uplink.core.connect;

import dev.uplink.core.net.Deadline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * Re-arms the socket timeout before every blocking read so a peer trickling bytes cannot
 * stretch an attempt past its overall budget (SO_TIMEOUT alone bounds each read, not the sum).
 */
final class DeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final Deadline deadline;
    private final Duration readTimeout;

    DeadlineInputStream(InputStream in, Socket socket, Deadline deadline, Duration readTimeout) {
        super(in);
        this.socket = socket;
        this.deadline = deadline;
        this.readTimeout = readTimeout;
    }

    @Override
    public int read() throws IOException {
        deadline.applyRead(socket, readTimeout);
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        deadline.applyRead(socket, readTimeout);
        return super.read(b, off, len);
    }
}
