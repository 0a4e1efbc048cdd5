package dev.uplink.core.pac;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark driver for bench/pac/run.sh (not a unit test): evaluates a PAC over a URL list on one
 * thread, uncached (memoisation off) and memoised, and prints evaluations per second.
 * Usage: PacBenchMain pac-file urls-file results-file seconds
 */
public final class PacBenchMain {

    public static void main(String[] args) throws Exception {
        String source = Files.readString(Path.of(args[0]));
        List<String> urls = Files.readAllLines(Path.of(args[1])).stream()
                .filter(s -> !s.isBlank())
                .toList();
        double seconds = Double.parseDouble(args[3]);
        PacOptions base = PacOptions.defaults()
                .withResolver(h -> {
                    throw new java.net.UnknownHostException(h); // the bench scripts are DNS-free; never ask the system
                })
                .withLocalAddresses(() -> PacTestSupport.addresses("192.0.2.10"));

        long t0 = System.nanoTime();
        PacScript uncached = PacScript.compile(source, args[0], base.withMemoCacheSize(0));
        long compileMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> first = new ArrayList<>();
        for (String u : urls) {
            first.add(String.join(
                    "; ",
                    uncached.evaluate(u).routes().stream().map(Object::toString).toList()));
        }
        Files.write(Path.of(args[2]), first);
        run(uncached, urls, Math.min(2, seconds)); // warm-up: let the JIT compile the interpreter paths
        double[] plain = run(uncached, urls, seconds);

        PacScript memo = PacScript.compile(source, args[0], base);
        run(memo, urls, Math.min(1, seconds));
        double[] cached = run(memo, urls, seconds);
        System.out.printf(
                "compile_ms=%d uncached=%.0f uncached_cpu=%.0f memoised=%.0f memoised_cpu=%.0f memo=%s%n",
                compileMs,
                plain[0],
                plain[1],
                cached[0],
                cached[1],
                memo.memoisation().on());
    }

    /** Evaluations per wall-clock second and per CPU second of this thread (robust on a loaded machine). */
    private static double[] run(PacScript script, List<String> urls, double seconds) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long limit = (long) (seconds * 1e9);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long count = 0;
        long sink = 0;
        while (System.nanoTime() - start < limit) {
            for (String u : urls) {
                sink += script.evaluate(u).routes().size();
            }
            count += urls.size();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (sink == 0) {
            throw new IllegalStateException("no routes");
        }
        return new double[] {count / elapsed, count / cpu};
    }

    private PacBenchMain() {}
}
