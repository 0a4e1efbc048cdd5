package dev.uplink.analyzer.probe;

import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.ProbeMethod;
import dev.uplink.analyzer.report.SensorRoute;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.RouteResolver;
import dev.uplink.core.route.RouteSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests every URL by each of the five methods and by the sensor's own route, through the one
 * {@link RoutedCall} and {@link Connector} the sensor uses (docs/architecture.md#one-connection-path). Probes run on a pool bounded by
 * {@code parallel}; a URL whose first probe stays silent has its other probes started early in a
 * second, equally bounded pool (see {@link #run} and {@link SilenceWatch}), so endpoints that never
 * answer cost about one timeout (while there are at most {@code parallel} of them), not one
 * timeout per probe. The other URLs' probes start once every first probe has answered or looks
 * silent (docs/behaviour.md#probe-scheduling).
 */
public final class Analyzer {
    private static final Duration SILENT_MIN = Duration.ofSeconds(1);
    private static final Duration SILENT_MAX = Duration.ofSeconds(3);
    private static final long SWEEP_MILLIS = 25;
    private final ProbeCalls calls;
    private final MethodPlan plan;
    private final AnalyzerOptions options;
    private final Map<String, Object> configuration;
    private final Clock clock;

    /** An analyzer that sends no proxy credentials. */
    public Analyzer(
            Connector connector,
            ProxySettingsSnapshot settings,
            AutoConfigDecider autoConfig,
            AnalyzerOptions options,
            Map<String, Object> configuration,
            Clock clock) {
        this(connector, settings, autoConfig, options, configuration, clock, ProxyAuthenticator.NONE);
    }

    /** {@code proxyAuth}: what every method answers a proxy's 407 with, as the sensor does. */
    public Analyzer(
            Connector connector,
            ProxySettingsSnapshot settings,
            AutoConfigDecider autoConfig,
            AnalyzerOptions options,
            Map<String, Object> configuration,
            Clock clock,
            ProxyAuthenticator proxyAuth) {
        this.calls = new ProbeCalls(connector, options, proxyAuth);
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
        // First: auto-configuration's routes are decided while the leads run, not after them.
        List<String> urls = targets.stream().map(ProbeTarget::url).toList();
        Map<ProbeMethod, RouteSource> routes = new EnumMap<>(ProbeMethod.class);
        List<RoutesAhead> ahead = new ArrayList<>();
        for (ProbeMethod m : ProbeMethod.values()) {
            routes.put(m, ahead(plan.resolver(m), urls, ahead));
        }
        RouteSource sensor = ahead(plan.sensor(), urls, ahead);
        AtomicBoolean over = new AtomicBoolean();
        if (!ahead.isEmpty()) {
            Thread t = new Thread(() -> ahead.forEach(a -> a.decideAll(over::get)), "uplink-routes-ahead");
            t.setDaemon(true);
            t.start();
        }
        AtomicInteger done = new AtomicInteger();
        int totalProbes = total;
        progress.started(totalProbes);
        int threads = Math.max(1, Math.min(options.parallel(), totalProbes));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon("uplink-probe"));
        // Threads made before the leads are queued: made one per lead instead, each new thread's
        // handshake competed with the loop making the next, and the last URLs' leads (and so their
        // silence) started ~0.4 s late on a busy 2-core machine (bench/analyzer/README.md).
        pool.prestartAllCoreThreads();
        ThreadPoolExecutor waiting = new ThreadPoolExecutor(
                threads,
                threads,
                0L,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                daemon("uplink-probe-waiting"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("uplink-probe-timer"));
        try {
            List<UrlProbes> all = new ArrayList<>(targets.size());
            for (ProbeTarget target : targets) {
                all.add(probes(
                        target, routes, sensor, () -> progress.probeFinished(done.incrementAndGet(), totalProbes)));
            }
            // Leads first: every URL gets its first answer, or its first silence, early. When a
            // lead looks silent, the URL's other probes would each hold a pool thread for a whole
            // timeout, queued behind everything else: they start at once in the waiting pool instead.
            // Both pools are bounded by --parallel, so CPU-bound work (TLS handshakes) never
            // runs hundreds wide and a probe's timeout measures the network, not a queue for the CPU.
            SilenceWatch silence = new SilenceWatch(silentAfter());
            timer.scheduleWithFixedDelay(silence::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            CountDownLatch leadsSettled = new CountDownLatch(all.size());
            for (UrlProbes p : all) {
                pool.execute(() -> silence.runLead(
                        p.lead()::runOnce,
                        () -> p.followers().forEach(f -> f.submitTo(waiting)),
                        leadsSettled::countDown));
            }
            // Made now, while the leads run, so that a silent URL's probes start on threads that
            // wait for work: a thread made at that moment waited for the CPU behind every running
            // handshake (tens to hundreds of ms on a busy machine), and so did their timeouts.
            waiting.prestartAllCoreThreads();
            // The answering URLs' other probes only once every lead has answered or looks silent:
            // started as each lead answered, their handshakes took the CPU from the leads still
            // running, which made every lead slower and so the silent ones were judged later
            // (twice the median), and their URLs' probes ended later (bench/analyzer/README.md).
            // Every lead settles within the silence bound of its start, so this waits no longer.
            awaitUninterruptibly(leadsSettled);
            for (UrlProbes p : all) {
                p.followers().forEach(f -> f.submitTo(pool));
            }
            progress.leadsSettled();
            List<UrlResult> results = new ArrayList<>(all.size());
            for (UrlProbes p : all) {
                results.add(p.join());
            }
            progress.finished();
            return AnalysisReport.of(results, configuration, clock.instant());
        } finally {
            over.set(true);
            pool.shutdownNow();
            waiting.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The longest a lead runs before it looks silent, whatever the others did: a quarter of the
     * timeout, within 1-3 s, short against the timeout it saves.
     */
    private Duration silentAfter() {
        Duration d = options.timeout().dividedBy(4);
        return d.compareTo(SILENT_MIN) < 0 ? SILENT_MIN : d.compareTo(SILENT_MAX) > 0 ? SILENT_MAX : d;
    }

    /**
     * {@code resolver} with its routes decided ahead when they can take auto-configuration (the
     * PAC), added to {@code ahead}; else itself (a pure, quick function of the configuration).
     */
    private static RouteSource ahead(RouteResolver resolver, List<String> urls, List<RoutesAhead> ahead) {
        if (resolver == null || resolver.config().autoConfig() == null) {
            return resolver;
        }
        RoutesAhead a = new RoutesAhead(resolver, urls);
        ahead.add(a);
        return a;
    }

    private UrlProbes probes(
            ProbeTarget target, Map<ProbeMethod, RouteSource> routes, RouteSource sensorRoutes, Runnable onDone) {
        Map<ProbeMethod, ProbeTask<MethodResult>> methods = new EnumMap<>(ProbeMethod.class);
        for (ProbeMethod m : ProbeMethod.values()) {
            RouteSource resolver = routes.get(m);
            ProbeTask<MethodResult> task;
            if (resolver == null) {
                task = new ProbeTask<>(() -> MethodResult.notConfigured(m));
                task.runOnce();
            } else {
                task = new ProbeTask<>(() -> probeMethod(m, resolver, target));
                task.result().whenComplete((r, e) -> onDone.run());
            }
            methods.put(m, task);
        }
        ProbeTask<SensorRoute> sensor = new ProbeTask<>(() -> probeSensor(sensorRoutes, target));
        sensor.result().whenComplete((r, e) -> onDone.run());
        return new UrlProbes(target.url(), methods, sensor);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private MethodResult probeMethod(ProbeMethod method, RouteSource resolver, ProbeTarget target) {
        CallResult r = calls.call(resolver, target);
        return MethodResults.of(method, r.resolution(), r.execution());
    }

    private SensorRoute probeSensor(RouteSource routes, ProbeTarget target) {
        CallResult r = calls.call(routes, target);
        return new SensorRoute(r.resolution().toPacString(), MethodResults.describe(r.execution()));
    }

    /**
     * The probes of one URL; joined in input order so the report keeps the user's order. The lead
     * is the direct probe (always configured): if the endpoint itself never answers, it shows there.
     */
    private record UrlProbes(
            String url, Map<ProbeMethod, ProbeTask<MethodResult>> methods, ProbeTask<SensorRoute> sensor) {
        ProbeTask<MethodResult> lead() {
            return methods.get(ProbeMethod.PROXY_DISABLED);
        }

        /** The configured probes but the lead (not-configured ones are complete: submitting them is a no-op). */
        List<ProbeTask<?>> followers() {
            List<ProbeTask<?>> f = new ArrayList<>();
            methods.forEach((m, t) -> {
                if (m != ProbeMethod.PROXY_DISABLED && !t.result().isDone()) {
                    f.add(t);
                }
            });
            f.add(sensor);
            return f;
        }

        UrlResult join() {
            List<MethodResult> results = new ArrayList<>();
            for (ProbeMethod m : ProbeMethod.values()) {
                results.add(methods.get(m).result().join());
            }
            return UrlResult.of(url, sensor.result().join(), results);
        }
    }

    /** Progress for a terminal progress bar; called from probe threads. */
    public interface ProgressListener {
        ProgressListener NONE = new ProgressListener() {};

        default void started(int totalProbes) {}

        default void probeFinished(int done, int total) {}

        /**
         * Every URL's direct probe has answered or looks silent and every other probe is queued:
         * the rest of the run is mostly waiting for the network (called once, on the analyzer's thread).
         */
        default void leadsSettled() {}

        default void finished() {}
    }
}
