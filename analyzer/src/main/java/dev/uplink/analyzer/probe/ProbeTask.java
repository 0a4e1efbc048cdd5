package dev.uplink.analyzer.probe;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One probe that may be started from two places — its turn in the probe pool, or early in the
 * waiting pool when its URL looks unresponsive — and runs exactly once, whichever comes first.
 */
final class ProbeTask<T> {
    private final Supplier<T> work;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    ProbeTask(Supplier<T> work) {
        this.work = work;
    }

    CompletableFuture<T> result() {
        return result;
    }

    /** Queues the probe on {@code executor}; a no-op there if it has run elsewhere meanwhile. */
    void submitTo(Executor executor) {
        executor.execute(this::runOnce);
    }

    void runOnce() {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        try {
            result.complete(work.get());
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }
}
