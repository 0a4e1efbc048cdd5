package dev.uplink.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Time-bounded lookups. {@link InetAddress#getAllByName} cannot be interrupted, so lookups run on
 * a small daemon pool and the caller stops waiting at the timeout; the pool is bounded so that a
 * dead DNS server cannot pile up threads (excess lookups fail at once).
 */
final class BoundedLookup {

    static final BoundedLookup INSTANCE = new BoundedLookup();

    private final ThreadPoolExecutor pool = newPool();

    private static ThreadPoolExecutor newPool() {
        // 4 threads that exist only while lookups are in flight; a full queue rejects at once.
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "uplink-dns");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    List<InetAddress> resolve(HostResolver resolver, String host, Duration timeout) throws UnknownHostException {
        Future<List<InetAddress>> lookup;
        try {
            lookup = pool.submit(() -> resolver.resolve(host));
        } catch (RejectedExecutionException e) {
            throw new UnknownHostException(host + ": too many DNS lookups in progress");
        }
        try {
            return lookup.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new LookupTimeoutException(host + ": DNS lookup timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new UnknownHostException(host + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted");
        }
    }
}
