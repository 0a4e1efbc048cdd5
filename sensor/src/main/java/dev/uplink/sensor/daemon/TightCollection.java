package dev.uplink.sensor.daemon;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle sensor's full collection (docs/behaviour.md#sensor-memory): for its duration the heap's
 * free-ratio bounds are 0, so the serial collector shrinks the old generation to what is live (and
 * the young generation with it, sized as a fraction of the old), which unmaps the pages a load had
 * touched; then the bounds the JVM was started with come back, so the next load grows the heap as
 * before. Both flags are manageable, and the serial collector resizes the old generation only after
 * a full collection, so the small heap stays until the sensor works again. Where the flags cannot be
 * set (another JVM), a plain {@link System#gc()}.
 */
final class TightCollection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TightCollection.class);
    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";

    private final HotSpotDiagnosticMXBean vm;

    private TightCollection(HotSpotDiagnosticMXBean vm) {
        this.vm = vm;
    }

    /** The collection for this JVM: tight where the free-ratio flags are writable, else plain. */
    static Runnable forThisVm() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm != null
                    && vm.getVMOption(MIN_FREE).isWriteable()
                    && vm.getVMOption(MAX_FREE).isWriteable()) {
                return new TightCollection(vm);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("heap free ratios not settable, idle collections will not shrink to the live data", e);
        }
        return System::gc;
    }

    @Override
    public void run() {
        String min = vm.getVMOption(MIN_FREE).getValue();
        String max = vm.getVMOption(MAX_FREE).getValue();
        try {
            // Min first: the JVM refuses a minimum above the maximum at every step.
            vm.setVMOption(MIN_FREE, "0");
            vm.setVMOption(MAX_FREE, "0");
            System.gc();
            // Twice: the JVM keeps a soft reference (locale and TLS caches) for a time proportional to
            // the heap left free by the previous collection, a lot after a load; the first one leaves
            // none free, so the second clears those unused since (~1.5 MB of live heap measured).
            System.gc();
        } finally {
            vm.setVMOption(MAX_FREE, max);
            vm.setVMOption(MIN_FREE, min);
        }
    }
}
