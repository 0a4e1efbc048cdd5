package dev.uplink.analyzer.probe;

import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.ProbeMethod;
import dev.uplink.analyzer.report.SensorRoute;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.RouteResolver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests every URL by each of the five methods and by the sensor's own route, through the one
 * {@link Connector} the sensor uses (DESIGN.md principle 1). All probes of a run go out at once,
 * bounded by {@code parallel}, so endpoints that never answer cost one timeout, not one each.
 */
public final class Analyzer {
    private final Connector connector;
    private final MethodPlan plan;
    private final AnalyzerOptions options;
    private final Map<String, Object> configuration;
    private final Clock clock;

    public Analyzer(Connector connector, ProxySettingsSnapshot settings, AutoConfigDecider autoConfig,
                    AnalyzerOptions options, Map<String, Object> configuration, Clock clock) {
        this.connector = connector;
        this.plan = new MethodPlan(settings, autoConfig, options);
        this.options = options;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Runs every probe; {@code progress} hears about each finished probe (from probe threads). */
    public AnalysisReport run(List<ProbeTarget> targets, ProgressListener progress) {
        int total = 0;
        for (ProbeTarget ignored : targets) {
            for (ProbeMethod m : ProbeMethod.values()) {
                total += plan.resolver(m) == null ? 0 : 1;
            }
            total++;
        }
        AtomicInteger done = new AtomicInteger();
        int totalProbes = total;
        progress.started(totalProbes);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallel(), totalProbes)), r -> {
            Thread t = new Thread(r, "uplink-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<UrlProbes> all = new ArrayList<>(targets.size());
            for (ProbeTarget target : targets) {
                all.add(submit(target, pool, () -> progress.probeFinished(done.incrementAndGet(), totalProbes)));
            }
            List<UrlResult> results = new ArrayList<>(all.size());
            for (UrlProbes p : all) {
                results.add(p.join());
            }
            progress.finished();
            return AnalysisReport.of(results, configuration, clock.instant());
        } finally {
            pool.shutdownNow();
        }
    }

    private UrlProbes submit(ProbeTarget target, ExecutorService pool, Runnable onDone) {
        Map<ProbeMethod, CompletableFuture<MethodResult>> methods = new EnumMap<>(ProbeMethod.class);
        for (ProbeMethod m : ProbeMethod.values()) {
            RouteResolver resolver = plan.resolver(m);
            if (resolver == null) {
                methods.put(m, CompletableFuture.completedFuture(MethodResult.notConfigured(m)));
            } else {
                methods.put(m, CompletableFuture.supplyAsync(() -> probeMethod(m, resolver, target), pool)
                        .whenComplete((r, e) -> onDone.run()));
            }
        }
        CompletableFuture<SensorRoute> sensor = CompletableFuture.supplyAsync(() -> probeSensor(target), pool)
                .whenComplete((r, e) -> onDone.run());
        return new UrlProbes(target.url(), methods, sensor);
    }

    private MethodResult probeMethod(ProbeMethod method, RouteResolver resolver, ProbeTarget target) {
        Resolution resolution = resolver.resolve(target.url());
        Execution execution = connector.execute(request(target), resolution.routes());
        return MethodResults.of(method, resolution, execution);
    }

    private SensorRoute probeSensor(ProbeTarget target) {
        Resolution resolution = plan.sensor().resolve(target.url());
        Execution execution = connector.execute(request(target), resolution.routes());
        return new SensorRoute(resolution.toPacString(), MethodResults.describe(execution));
    }

    private Request request(ProbeTarget target) {
        Request.Builder b = Request.get(target.url())
                .expect(target.expect())
                .trust(options.trust())
                .connectTimeout(options.timeout())
                .readTimeout(options.timeout())
                .attemptTimeout(options.timeout())
                .maxBodyBytes(64 * 1024);
        options.resolveOverrides().forEach(b::resolve);
        return b.build();
    }

    /** The futures of one URL; joined in input order so the report keeps the user's order. */
    private record UrlProbes(String url, Map<ProbeMethod, CompletableFuture<MethodResult>> methods,
                             CompletableFuture<SensorRoute> sensor) {
        UrlResult join() {
            List<MethodResult> results = new ArrayList<>();
            for (ProbeMethod m : ProbeMethod.values()) {
                results.add(methods.get(m).join());
            }
            return UrlResult.of(url, sensor.join(), results);
        }
    }

    /** Progress for a terminal progress bar; called from probe threads. */
    public interface ProgressListener {
        ProgressListener NONE = new ProgressListener() {
        };

        default void started(int totalProbes) {
        }

        default void probeFinished(int done, int total) {
        }

        default void finished() {
        }
    }
}
