package dev.uplink.cli.analyze;

import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.report.ReportHeader;
import dev.uplink.analyzer.report.ReportWarmUp;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Passes the analyzer's progress on, and once the probes are all started (what remains of the run
 * is waiting for endpoints that never answer, the CPU idle) makes the report's header (the host
 * name lookup, the version) and warms the report renderers up on a daemon thread: done after the
 * probes instead, they added ~50-100 ms to every run (bench/analyzer/README.md). The header is the
 * same whenever it is made: nothing in it depends on the probes.
 */
final class ReportsAhead implements Analyzer.ProgressListener {
    private final Analyzer.ProgressListener progress;
    private final Supplier<ReportHeader> makeHeader;
    private final CompletableFuture<ReportHeader> header = new CompletableFuture<>();

    ReportsAhead(Analyzer.ProgressListener progress, Supplier<ReportHeader> makeHeader) {
        this.progress = progress;
        this.makeHeader = makeHeader;
    }

    @Override
    public void started(int totalProbes) {
        progress.started(totalProbes);
    }

    @Override
    public void probeFinished(int done, int total) {
        progress.probeFinished(done, total);
    }

    @Override
    public void leadsSettled() {
        progress.leadsSettled();
        Thread t = new Thread(
                () -> {
                    make();
                    ReportWarmUp.run();
                },
                "uplink-reports-ahead");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void finished() {
        progress.finished();
    }

    /** The header, made ahead or (if the analyzer never said its probes were started) now. */
    ReportHeader header() {
        make();
        return header.join();
    }

    private void make() {
        if (header.isDone()) {
            return;
        }
        synchronized (this) {
            if (!header.isDone()) {
                try {
                    header.complete(makeHeader.get());
                } catch (RuntimeException | Error e) {
                    header.completeExceptionally(e);
                }
            }
        }
    }
}
