package dev.uplink.core.net;

import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A total time budget (one connection attempt, one WPAD discovery): each blocking step gets the
 * smaller of its own timeout and what is left, so no step can stretch the whole past its bound.
 */
public final class Deadline {

    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "uplink-bounded");
        t.setDaemon(true);
        return t;
    });

    private final long startNanos = System.nanoTime();
    private final long endNanos;
    private final Duration total;

    public Deadline(Duration total) {
        this.total = total;
        this.endNanos = startNanos + total.toNanos();
    }

    public Duration total() {
        return total;
    }

    public boolean expired() {
        return System.nanoTime() >= endNanos;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The smaller of {@code step} and what is left (at least 1 ms, so a last step can still fail cleanly). */
    public Duration budget(Duration step) {
        long left = Math.max(1_000_000L, endNanos - System.nanoTime());
        return Duration.ofNanos(Math.min(step.toNanos(), left));
    }

    /** Milliseconds for the next socket step; throws when the budget is spent. */
    public int socketBudget(Duration step) throws SocketTimeoutException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("attempt timeout reached");
        }
        return (int) Math.max(1, Math.min(Math.min(left, step.toMillis()), Integer.MAX_VALUE));
    }

    /** Sets the socket's read timeout to the next step's budget. */
    public void applyRead(Socket s, Duration readTimeout) throws SocketException, SocketTimeoutException {
        s.setSoTimeout(socketBudget(readTimeout));
    }

    /**
     * Runs a blocking call that cannot be given a timeout itself for at most {@code budget} on a
     * daemon thread, abandoning it afterwards; a {@link TimeoutException} when it takes longer.
     */
    public static <T> T bounded(Callable<T> task, Duration budget) throws Exception {
        Future<T> f = BLOCKING.submit(task);
        try {
            return f.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }
}
