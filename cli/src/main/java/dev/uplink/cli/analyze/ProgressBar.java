package dev.uplink.cli.analyze;

import dev.uplink.analyzer.probe.Analyzer;
import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn in place; used only when stdout is a terminal. */
final class ProgressBar implements Analyzer.ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private int lastDrawn = -1;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    static Analyzer.ProgressListener forTerminal(PrintStream err) {
        return System.console() != null ? new ProgressBar(err) : Analyzer.ProgressListener.NONE;
    }

    @Override
    public synchronized void started(int totalProbes) {
        draw(0, totalProbes);
    }

    @Override
    public synchronized void probeFinished(int done, int total) {
        draw(done, total);
    }

    @Override
    public synchronized void finished() {
        err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
        err.flush();
    }

    private void draw(int done, int total) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        if (filled == lastDrawn && done != total) {
            return;
        }
        lastDrawn = filled;
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " probes");
        err.flush();
    }
}
