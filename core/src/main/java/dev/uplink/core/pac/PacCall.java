package dev.uplink.core.pac;

import dev.uplink.core.net.IpLiteral;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * State and budget of one script execution (one FindProxyForURL call, or the top-level run):
 * the deadline, the allocation budget, the DNS lookups made so far. Reached by the builtins and
 * the instruction observer through the {@link PacContext} it runs on.
 */
final class PacCall {

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    final PacOptions options;
    final String origin;
    /** Volatile: a caller waiting for an abandonable evaluation reads it from another thread ({@link PacWorker}). */
    private volatile long deadline;

    private volatile boolean abandoned;
    private final long allocationStart;
    /** Bytes the size guards saw builtins produce (results, flattened ropes): enforced between observer checks. */
    private long charged;

    private Map<String, List<InetAddress>> lookups; // created on the first lookup: most calls never resolve
    private int lookupCount;
    private int alerts;
    private ZonedDateTime now;
    private PacLimitExceeded limitHit;
    /** The scope a builtin was called from (shExpMatch builds its RegExp there). */
    private org.mozilla.javascript.Scriptable builtinScope;

    PacCall(PacOptions options, String origin) {
        this.options = options;
        this.origin = origin;
        this.deadline = System.nanoTime() + options.timeLimit().toNanos();
        this.allocationStart = allocatedBytes();
    }

    /** Called by the instruction observer; throws once a limit is exceeded, and again on every later check. */
    void checkLimits() {
        if (limitHit != null) {
            throw limitHit;
        }
        if (abandoned) {
            limitHit = new PacLimitExceeded(
                    PacScriptException.Reason.TIME_LIMIT,
                    "exceeded the time limit of " + options.timeLimit().toMillis() + " ms (abandoned)");
            throw limitHit;
        }
        if (System.nanoTime() - deadline > 0) {
            limitHit = new PacLimitExceeded(
                    PacScriptException.Reason.TIME_LIMIT,
                    "exceeded the time limit of " + options.timeLimit().toMillis() + " ms");
            throw limitHit;
        }
        long allocated = Math.max(allocatedBytes() - allocationStart, charged);
        if (allocated > options.maxCallAllocation()) {
            limitHit = new PacLimitExceeded(
                    PacScriptException.Reason.MEMORY_LIMIT,
                    "exceeded the memory limit (allocated more than " + (options.maxCallAllocation() >> 20)
                            + " MiB in one call)");
            throw limitHit;
        }
    }

    /**
     * Counts {@code bytes} produced by one builtin call against the allocation budget and ends the
     * call at once when the budget is spent: between two observer checks a script can run thousands
     * of builtin calls, each allowed to produce megabytes, and keep them all alive.
     */
    void charge(long bytes) {
        charged += bytes;
        if (charged > options.maxCallAllocation()) {
            checkLimits();
        }
    }

    /** The instant (System.nanoTime) after which the script is over its time limit; DNS waits move it. */
    long deadline() {
        return deadline;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** The caller stopped waiting: the next limit check ends the execution. */
    void abandon() {
        abandoned = true;
    }

    /** A limit hit earlier in this call, even if the script managed to carry on (e.g. a finally block). */
    PacLimitExceeded limitHit() {
        return limitHit;
    }

    /**
     * Resolves {@code host} within the call's budget: IP literals need no lookup, a host already
     * looked up in this call is answered from memory, beyond {@code maxDnsLookups} distinct names
     * every lookup fails. Time spent waiting for DNS does not count against the script time limit.
     */
    List<InetAddress> resolve(String host) {
        byte[] literal = IpLiteral.parseBytes(host);
        if (literal != null) {
            try {
                return List.of(InetAddress.getByAddress(literal));
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        if (lookups == null) {
            lookups = new HashMap<>();
        }
        List<InetAddress> known = lookups.get(host);
        if (known != null) {
            return known;
        }
        if (lookupCount >= options.maxDnsLookups() || host.isEmpty()) {
            return List.of();
        }
        lookupCount++;
        long start = System.nanoTime();
        long before = deadline;
        // While the lookup runs, a caller waiting from another thread (PacWorker) must allow for it:
        // DNS waits do not count against the script, up to the lookup's own bound.
        deadline = before + options.dnsTimeout().toNanos();
        List<InetAddress> result;
        try {
            result = List.copyOf(options.resolver().resolve(host, options.dnsTimeout()));
        } catch (UnknownHostException | RuntimeException e) {
            result = List.of();
        } finally {
            deadline = before + (System.nanoTime() - start);
        }
        lookups.put(host, result);
        return result;
    }

    void builtinScope(org.mozilla.javascript.Scriptable scope) {
        this.builtinScope = scope;
    }

    org.mozilla.javascript.Scriptable builtinScope() {
        return builtinScope;
    }

    ZonedDateTime now() {
        if (now == null) {
            now = ZonedDateTime.now(options.clock());
        }
        return now;
    }

    /** Bounds alert() log output per call so a script cannot flood the log. */
    boolean allowAlert() {
        return alerts++ < 20;
    }

    private static long allocatedBytes() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }
}
