package dev.uplink.core.wpad;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The overall discovery deadline. Blocking calls that cannot be given a timeout themselves
 * (the JDK resolver) run on a daemon thread and are abandoned when their budget is spent, so a
 * silent DNS server cannot stretch discovery past its bound.
 */
final class Deadline {

    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "uplink-wpad");
        t.setDaemon(true);
        return t;
    });

    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final Duration total;

    Deadline(Duration total) {
        this.total = total;
        this.deadlineNanos = startNanos + total.toNanos();
    }

    Duration total() {
        return total;
    }

    boolean expired() {
        return System.nanoTime() >= deadlineNanos;
    }

    /** The smaller of {@code step} and what is left overall (at least 1 ms). */
    Duration budget(Duration step) {
        long left = Math.max(1_000_000L, deadlineNanos - System.nanoTime());
        return Duration.ofNanos(Math.min(step.toNanos(), left));
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Runs {@code task} for at most {@code budget}; a {@link TimeoutException} when it takes longer. */
    static <T> T bounded(Callable<T> task, Duration budget) throws Exception {
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
