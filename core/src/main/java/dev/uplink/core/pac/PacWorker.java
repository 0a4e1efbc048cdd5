package dev.uplink.core.pac;

import dev.uplink.core.pac.PacScriptException.Reason;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs script code where the caller can walk away from it. The instruction observer and the size
 * guards stop a script between instructions and around builtin calls, but one Java method inside a
 * builtin (a backtracking regular expression, above all) never returns to them. Here the code runs
 * on a daemon thread while the caller waits until the script's deadline plus {@link #GRACE}; past
 * that, the caller gets a time-limit failure at once and the execution is abandoned: flagged so that
 * its next limit check ends it, and left to finish on its own thread.
 *
 * <p>At most one abandoned execution per script: while it still runs, further calls fail at once
 * instead of starting another thread that would get stuck the same way (see
 * docs/behaviour.md#pac-sandbox-and-limits).
 */
final class PacWorker {

    /** How long past the script's own deadline the caller still waits for the cooperative limits to end it. */
    static final Duration GRACE = Duration.ofMillis(250);

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "uplink-pac-eval");
        t.setDaemon(true);
        return t;
    });

    /** The execution running on this worker thread, told of each script call's budget by {@link #started}. */
    private static final ThreadLocal<Attempt<?>> CURRENT = new ThreadLocal<>();

    private final String origin;
    private final PacOptions options;
    private final AtomicReference<Attempt<?>> stuck = new AtomicReference<>();

    PacWorker(String origin, PacOptions options) {
        this.origin = origin;
        this.options = options;
    }

    /** Called by each script call (top level or FindProxyForURL) as it starts: its deadline is the one to wait for. */
    static void started(PacCall call) {
        Attempt<?> a = CURRENT.get();
        if (a != null) {
            a.call = call;
        }
    }

    <T> T run(Supplier<T> body) {
        Attempt<?> blocking = stuck.get();
        if (blocking != null) {
            throw new PacScriptException(
                    origin,
                    Reason.TIME_LIMIT,
                    "an earlier evaluation exceeded the time limit of "
                            + options.timeLimit().toMillis()
                            + " ms without returning (stuck inside a builtin call) and has not ended yet;"
                            + " the script is not run again until it does");
        }
        Attempt<T> a =
                new Attempt<>(body, System.nanoTime() + options.timeLimit().toNanos());
        THREADS.execute(a);
        if (!a.await()) {
            // Marked stuck before it is abandoned: the end hook that clears the mark can then never
            // run before the mark is set (which would leave the script refused for good).
            stuck.compareAndSet(null, a);
            if (abandon(a)) {
                throw new PacScriptException(
                        origin,
                        Reason.TIME_LIMIT,
                        "exceeded the time limit of " + options.timeLimit().toMillis()
                                + " ms and did not return (stuck inside a builtin call): abandoned");
            }
        }
        return a.result();
    }

    /** Abandons {@code a} (true), or finds it has just finished and unmarks it (false: its result stands). */
    private boolean abandon(Attempt<?> a) {
        if (a.abandon(() -> stuck.compareAndSet(a, null))) {
            return true;
        }
        stuck.compareAndSet(a, null);
        return false;
    }

    private static final class Attempt<T> implements Runnable {
        private final Supplier<T> body;
        private final long firstDeadline;
        private final CountDownLatch done = new CountDownLatch(1);
        volatile PacCall call;
        private T value;
        private Throwable failure;
        private boolean finished;
        private Runnable onEnd;

        Attempt(Supplier<T> body, long firstDeadline) {
            this.body = body;
            this.firstDeadline = firstDeadline;
        }

        @Override
        public void run() {
            CURRENT.set(this);
            try {
                value = body.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                CURRENT.remove();
                Runnable end;
                synchronized (this) {
                    finished = true;
                    end = onEnd;
                }
                done.countDown();
                if (end != null) {
                    end.run();
                }
            }
        }

        /** Waits until the execution ends (true) or its deadline plus the grace has passed (false). */
        boolean await() {
            boolean interrupted = false;
            try {
                while (true) {
                    PacCall c = call;
                    long deadline = (c == null ? firstDeadline : c.deadline()) + GRACE.toNanos();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return done.getCount() == 0;
                    }
                    try {
                        if (done.await(left, TimeUnit.NANOSECONDS)) {
                            return true;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true; // keep waiting: the caller's deadline is short and bounded
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Gives up on a running execution; false when it has just finished (then its result stands). */
        synchronized boolean abandon(Runnable whenItEnds) {
            if (finished) {
                return false;
            }
            onEnd = whenItEnds;
            PacCall c = call;
            if (c != null) {
                c.abandon();
            }
            return true;
        }

        T result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return value;
        }
    }
}
