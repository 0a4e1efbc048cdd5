package dev.uplink.core.pac;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One uplink build's side of bench/pac/ab.sh: a PAC script compiled with memoisation off, evaluated over the
 * URL list in slices. Loaded once per build, each in its own class loader, by PacAb.
 */
public final class PacAbRunner {

    private final PacScript script;
    private final List<String> urls;

    public PacAbRunner(String pacFile, String urlFile) throws Exception {
        urls = Files.readAllLines(Path.of(urlFile)).stream().filter(s -> !s.isBlank()).toList();
        InetAddress me = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 10});
        PacOptions options = PacOptions.defaults().withResolver(h -> {
            throw new UnknownHostException(h); // the bench scripts are DNS-free; never ask the system
        }).withLocalAddresses(() -> List.of(me)).withMemoCacheSize(0);
        script = PacScript.compile(Files.readString(Path.of(pacFile)), pacFile, options);
    }

    /** Evaluates the URL list for about {@code seconds} of wall time; returns evaluations per CPU-second of this thread. */
    public double slice(double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long limit = (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long count = 0;
        long sink = 0;
        while (System.nanoTime() - wall0 < limit) {
            for (String u : urls) {
                sink += script.evaluate(u).routes().size();
            }
            count += urls.size();
        }
        if (sink == 0) {
            throw new IllegalStateException("no routes");
        }
        return count / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }
}
