package dev.uplink.core.autoconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacScript;
import dev.uplink.core.route.AutoConfigDecision;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacDeciderTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    /**
     * docs/behaviour.md#pac-fetching-and-caching: a script is compiled once per distinct text, also
     * when the first decisions arrive together (the analyzer's probes): each of them compiled it.
     */
    @Test
    void decisionsArrivingTogetherCompileTheScriptOnce() throws Exception {
        Path pac = dir.resolve("proxy.pac");
        Files.writeString(
                pac, "function FindProxyForURL(url, host) { return \"PROXY 10.0.0.6:8080\"; }", StandardCharsets.UTF_8);
        AtomicInteger compilations = new AtomicInteger();
        PacDecider decider = new PacDecider(
                new WinHttpSettings(null, null, pac.toUri().toString(), false),
                new PacFetcher(),
                null,
                PacOptions.defaults(),
                (source, origin, options) -> {
                    compilations.incrementAndGet();
                    try {
                        Thread.sleep(300); // a cold compilation on a busy machine: the others arrive meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return PacScript.compileAbandonable(source, origin, options);
                });
        CyclicBarrier together = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<AutoConfigDecision>> decisions = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                URI url = URI.create("https://host" + i + ".example.com/");
                decisions.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return decider.decide(url);
                }));
            }
            for (Future<AutoConfigDecision> d : decisions) {
                AutoConfigDecision decision = d.get(30, TimeUnit.SECONDS);
                assertEquals("PROXY 10.0.0.6:8080", decision.rawResult(), decision.toString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, compilations.get(), "compilations of one text");
    }
}
