package dev.uplink.sensor.daemon;

import java.util.function.LongSupplier;

/**
 * Gives the heap a burst of events made the JVM grow back to the operating system once the sensor
 * has gone quiet: the serial collector shrinks its heap only in a full collection, and an idle
 * sensor makes none, so after a load the grown heap stayed resident for good
 * (docs/behaviour.md#sensor-memory). Fed one activity count per tick (events accepted plus
 * delivered); after {@code quietTicks} ticks without a change it runs {@code collect} once, and
 * only when the committed heap is larger than it was after the previous collection (a heartbeat
 * event alone does not cost a full collection).
 */
final class IdleHeapRelease {
    private final int quietTicks;
    private final LongSupplier committedHeap;
    private final Runnable collect;
    private long lastActivity = -1;
    private int quiet;
    private boolean armed;
    private long committedAfterRelease;

    IdleHeapRelease(int quietTicks, LongSupplier committedHeap, Runnable collect) {
        if (quietTicks < 1) {
            throw new IllegalArgumentException("quietTicks must be at least 1, got " + quietTicks);
        }
        this.quietTicks = quietTicks;
        this.committedHeap = committedHeap;
        this.collect = collect;
    }

    /** The heap the JVM has committed now, for the daemon. */
    static long committedHeapNow() {
        return Runtime.getRuntime().totalMemory();
    }

    /** One tick: {@code activity} is a count that grows while the sensor works. */
    void observe(long activity) {
        if (activity != lastActivity) {
            lastActivity = activity;
            quiet = 0;
            armed = true;
            return;
        }
        if (!armed || ++quiet < quietTicks) {
            return;
        }
        armed = false;
        if (committedHeap.getAsLong() > committedAfterRelease) {
            collect.run();
            committedAfterRelease = committedHeap.getAsLong();
        }
    }
}
