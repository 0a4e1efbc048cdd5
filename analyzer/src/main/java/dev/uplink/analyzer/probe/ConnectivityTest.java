package dev.uplink.analyzer.probe;

import dev.uplink.core.call.CallResult;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.RouteResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The quick test ({@code uplink connectivity test}): each URL once, through the sensor's own
 * route with its fallback, the way the sensor will reach it — not the analyzer's five methods
 * (docs/behaviour.md#connectivity-test). Results are handed out in input order as soon as each
 * and all before it are known, so a person watching sees lines appear, not a wait then a page.
 */
public final class ConnectivityTest {

    /**
     * One URL's outcome.
     *
     * @param route     the route that answered or failed last ({@code DIRECT}, {@code PROXY h:p})
     * @param diagnosis null when ok
     * @param detail    the evidence (issuer seen, proxy error, status), null when ok
     */
    public record Line(
            String url,
            boolean ok,
            String route,
            Integer httpStatus,
            String diagnosis,
            String detail,
            long elapsedMs) {}

    private final ProbeCalls calls;
    private final RouteResolver sensorRoutes;
    private final int parallel;

    /** {@code proxyAuth}: the sensor's proxy credentials, so the test authenticates where the sensor would. */
    public ConnectivityTest(
            Connector connector,
            ProxySettingsSnapshot settings,
            AutoConfigDecider autoConfig,
            AnalyzerOptions options,
            ProxyAuthenticator proxyAuth) {
        this.calls = new ProbeCalls(connector, options, proxyAuth);
        this.sensorRoutes = new MethodPlan(settings, autoConfig, options).sensor();
        this.parallel = options.parallel();
    }

    public List<Line> run(List<ProbeTarget> targets, Consumer<Line> inOrder) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, targets.size())), r -> {
            Thread t = new Thread(r, "uplink-connectivity-test");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Line>> futures = new ArrayList<>();
            for (ProbeTarget target : targets) {
                futures.add(CompletableFuture.supplyAsync(() -> probe(target), pool));
            }
            List<Line> lines = new ArrayList<>();
            for (CompletableFuture<Line> f : futures) {
                Line line = f.join();
                inOrder.accept(line);
                lines.add(line);
            }
            return lines;
        } finally {
            pool.shutdownNow();
        }
    }

    private Line probe(ProbeTarget target) {
        CallResult r = calls.call(sensorRoutes, target);
        Outcome last = r.execution().outcome();
        long elapsed = r.execution().attempts().stream()
                .mapToLong(Outcome::elapsedMillis)
                .sum();
        if (last.succeeded()) {
            return new Line(target.url(), true, last.route().toString(), last.httpStatus(), null, null, elapsed);
        }
        return new Line(
                target.url(),
                false,
                last.route().toString(),
                last.httpStatus(),
                last.diagnosis().code(),
                last.detail(),
                elapsed);
    }
}
