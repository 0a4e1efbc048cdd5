package dev.uplink.core.connect;

import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Per-attempt time budget: each blocking step gets min(its own timeout, what is left). */
final class Deadline {

    private final long startNanos = System.nanoTime();
    private final long endNanos;

    Deadline(Duration attemptTimeout) {
        this.endNanos = startNanos + attemptTimeout.toNanos();
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Milliseconds for the next step; throws when the attempt's budget is spent. */
    int budget(Duration stepTimeout) throws SocketTimeoutException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("attempt timeout reached");
        }
        return (int) Math.max(1, Math.min(Math.min(left, stepTimeout.toMillis()), Integer.MAX_VALUE));
    }

    void applyRead(Socket s, Duration readTimeout) throws SocketException, SocketTimeoutException {
        s.setSoTimeout(budget(readTimeout));
    }
}
