package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TightCollectionTest {
    private static final long MB = 1 << 20;

    @Test
    void restoresTheFreeRatiosTheJvmRunsWith() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption(TightCollection.MIN_FREE).getValue();
        String max = vm.getVMOption(TightCollection.MAX_FREE).getValue();
        Runnable collection = TightCollection.forThisVm();
        assertInstanceOf(TightCollection.class, collection, "HotSpot's free ratios are manageable");
        collection.run();
        assertEquals(min, vm.getVMOption(TightCollection.MIN_FREE).getValue());
        assertEquals(max, vm.getVMOption(TightCollection.MAX_FREE).getValue());
    }

    /**
     * After a burst grew the heap, the idle collection leaves about the live data committed: the
     * old generation at what is live, the young one half of that (NewRatio 2), above the -Xms floor.
     * A plain full collection keeps up to MaxHeapFreeRatio (70 % by default) of the old free.
     */
    @Test
    void shrinksAGrownHeapToItsLiveData() throws Exception {
        long[] r = child();
        long committed = r[0];
        long used = r[1];
        assertTrue(used >= 20 * MB, "the child keeps 20 MB live: " + used);
        assertTrue(
                committed <= used * 16 / 10 + 4 * MB,
                "committed " + committed / MB + " MB for " + used / MB + " MB live after the idle collection");
    }

    private static long[] child() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The serial collector as `./uplink sensor run` starts it (a heap shrunk at once, not in steps).
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-XX:+UseSerialGC",
                        "-Xms8m",
                        "-Xmx256m",
                        "-XX:-ShrinkHeapInSteps",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Burst.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        String[] f = out.split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /** The child: 20 MB live, a burst that grows the heap, then the idle collection. */
    static final class Burst {
        private Burst() {}

        @SuppressWarnings("unused") // kept live on purpose
        private static byte[][] live;

        public static void main(String[] args) {
            live = new byte[20][];
            for (int i = 0; i < live.length; i++) {
                live[i] = new byte[(int) MB];
            }
            ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
            for (int i = 0; i < 400; i++) {
                inFlight.add(new byte[(int) MB]);
                if (inFlight.size() > 80) {
                    inFlight.poll();
                }
            }
            inFlight.clear();
            TightCollection.forThisVm().run();
            Runtime rt = Runtime.getRuntime();
            System.out.println(rt.totalMemory() + " " + (rt.totalMemory() - rt.freeMemory()));
        }
    }
}
