package dev.uplink.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.report.ReportHeader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReportsAheadTest {
    private final ReportHeader made = new ReportHeader("uplink 0.1.0", "host", "Linux", List.of());

    @Test
    void headerIsMadeOnceOnAnotherThreadWhenTheLeadsHaveSettled() throws Exception {
        AtomicInteger makes = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        ReportsAhead ahead = new ReportsAhead(
                new Analyzer.ProgressListener() {
                    @Override
                    public void started(int totalProbes) {
                        progress.add("started " + totalProbes);
                    }

                    @Override
                    public void probeFinished(int done, int total) {
                        progress.add(done + "/" + total);
                    }

                    @Override
                    public void finished() {
                        progress.add("finished");
                    }
                },
                () -> {
                    makes.incrementAndGet();
                    threads.add(Thread.currentThread().getName());
                    return made;
                });
        ahead.started(2);
        ahead.probeFinished(1, 2);
        ahead.leadsSettled();
        ahead.probeFinished(2, 2);
        ahead.finished();
        for (int i = 0; i < 500 && makes.get() == 0; i++) {
            Thread.sleep(10);
        }

        assertSame(made, ahead.header());
        assertSame(made, ahead.header());
        assertEquals(1, makes.get(), "made once");
        assertNotEquals(Thread.currentThread().getName(), threads.get(0), "made ahead, not by the caller");
        assertEquals(List.of("started 2", "1/2", "2/2", "finished"), progress, "progress passed on");
    }

    @Test
    void headerIsMadeWhenAskedIfTheLeadsNeverSettled() {
        AtomicInteger makes = new AtomicInteger();
        ReportsAhead ahead = new ReportsAhead(Analyzer.ProgressListener.NONE, () -> {
            makes.incrementAndGet();
            return made;
        });

        assertSame(made, ahead.header());
        assertEquals(1, makes.get());
    }
}
