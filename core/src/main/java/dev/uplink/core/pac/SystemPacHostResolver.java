package dev.uplink.core.pac;

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
 * The JDK resolver with a time bound. {@link InetAddress#getAllByName} cannot be interrupted, so
 * lookups run on a small daemon pool and the caller stops waiting at the timeout; the pool is
 * bounded so that a dead DNS server cannot pile up threads (excess lookups fail at once).
 */
final class SystemPacHostResolver implements PacHostResolver {

    static final SystemPacHostResolver INSTANCE = new SystemPacHostResolver();

    private final ThreadPoolExecutor pool = newPool();

    private static ThreadPoolExecutor newPool() {
        // 4 threads that exist only while lookups are in flight; a full queue rejects at once.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "uplink-pac-dns");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException {
        Future<InetAddress[]> lookup;
        try {
            lookup = pool.submit(() -> InetAddress.getAllByName(host));
        } catch (RejectedExecutionException e) {
            throw new UnknownHostException(host + ": too many DNS lookups in progress");
        }
        try {
            return List.of(lookup.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(host + ": DNS lookup timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new UnknownHostException(host + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted");
        }
    }
}
