package dev.uplink.cli.demo;

import dev.uplink.cli.collector.AnalyzerFixLists;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.onboarding.OnboardingIssuer;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentClient;
import dev.uplink.sensor.enroll.HttpCall;
import dev.uplink.sensor.enroll.RoutedHttpCall;
import dev.uplink.sensor.intake.IntakeClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The demo's second act: a collector receives a sensor's events through the proxy; then the
 * proxy stops and the sensor falls back to DIRECT (the machine-policy rule) without losing any.
 */
final class DemoDelivery implements AutoCloseable {
    static final String COLLECTOR_HOST = "collector.uplink.demo";
    private static final int EVENTS_PER_STEP = 100;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final CollectorServer server;
    private final CollectorStore store;
    private final Path work;
    private SensorDaemon sensor;
    private CollectorBatchSender sender;

    private DemoDelivery(CollectorServer server, CollectorStore store, Path work) {
        this.server = server;
        this.store = store;
        this.work = work;
    }

    /** Binds the collector's port first: the proxy must know where to forward it. */
    static DemoDelivery bind(Path work) throws IOException {
        CollectorStore store = CollectorStore.open(work.resolve("collector"));
        CollectorServer server = CollectorServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new DemoDelivery(server, store, work);
    }

    int port() {
        return server.address().getPort();
    }

    /** The dashboard's address for a browser on this machine. */
    String dashboardUrl() {
        return "https://127.0.0.1:" + port() + "/ui/";
    }

    String eventsUrl() {
        return "https://" + COLLECTOR_HOST + ":" + port() + "/v1/events";
    }

    void run(DemoLab lab, PrintWriter o) throws Exception {
        server.fixLists(new AnalyzerFixLists())
                .serve(
                        // The dashboard of `demo --serve` is opened at 127.0.0.1: the certificate names it too.
                        Pki.issueServer(lab.ca(), List.of(COLLECTOR_HOST, "127.0.0.1", "localhost")),
                        store,
                        CollectorLimits.defaults(),
                        Clock.systemUTC());
        String base = "https://" + COLLECTOR_HOST + ":" + port();
        o.println("Delivery: collector at " + base + " (SQLite in " + store.dataDir() + ")");
        ConfiguredRoutes routes = new ConfiguredRoutes(lab.config(), w -> null, new BadProxyMemory());
        // Direct connections can resolve only the collector's name; everything else still has no DNS.
        Connector connector = new Connector(HostResolver.of(Map.of(COLLECTOR_HOST, InetAddress.getLoopbackAddress())));

        DeviceCredential credential = enroll(lab, base, connector, routes);
        o.println("  enrolled the demo device as " + credential.deviceId()
                + " with a one-time token (through the proxy)");

        Path state = work.resolve("sensor");
        SensorConfig config =
                sensorConfig(state, ConnectivityCheckSettings.defaults().withEnabled(false));
        String auth = credential.authorizationHeader();
        RoutedCall uploads =
                new RoutedCall(routes, connector, CollectorBatchSender.profile(lab.trust(), Duration.ofSeconds(5)));
        sender = new CollectorBatchSender(java.net.URI.create(eventsUrl()), () -> auth, uploads, Clock.systemUTC());
        sensor = SensorDaemon.start(
                state, config, sender, () -> dev.uplink.sensor.daemon.RouteStatus.of(sender.lastRoute()));

        Set<String> acknowledged = new HashSet<>();
        acknowledged.addAll(send(EVENTS_PER_STEP, "through the proxy"));
        awaitDelivered(acknowledged);
        o.println("  sent " + EVENTS_PER_STEP + " events: all delivered via " + sender.lastRoute());

        lab.proxy().stop();
        o.println("  proxy stopped (connections to " + lab.proxy().hostPort() + " are now refused)");
        acknowledged.addAll(send(EVENTS_PER_STEP, "after the proxy stopped"));
        awaitDelivered(acknowledged);
        o.println("  sent " + EVENTS_PER_STEP + " more: all delivered via " + sender.lastRoute());

        long stored = countStored(acknowledged);
        o.println("  collector holds " + stored + " of the " + acknowledged.size() + " acknowledged events, each once: "
                + (stored == acknowledged.size() ? "nothing lost" : "MISSING " + (acknowledged.size() - stored)));
        o.flush();
    }

    /** A sensor configuration for a demo device: quick batches, its socket keeps its owner's group. */
    SensorConfig sensorConfig(Path state, ConnectivityCheckSettings checks) {
        SensorConfig config = SensorConfig.defaults(state).withCollectorUrl(eventsUrl());
        return new SensorConfig(
                config.collectorUrl(),
                config.spoolDir(),
                config.spoolMaxBytes(),
                config.spoolFullTimeout(),
                config.batchMaxEvents(),
                config.batchMaxBytes(),
                Duration.ofMillis(200),
                config.batchMaxInFlight(),
                Duration.ofMinutes(10),
                null,
                null, // no 'uplink' group needed
                null,
                checks);
    }

    CollectorStore store() {
        return store;
    }

    String baseUrl() {
        return "https://" + COLLECTOR_HOST + ":" + port();
    }

    private DeviceCredential enroll(DemoLab lab, String base, Connector connector, ConfiguredRoutes routes)
            throws IOException {
        return enroll(lab, base, connector, routes, "uplink demo device");
    }

    /** Enrols a device through its own routes with a fresh one-time token. */
    DeviceCredential enroll(DemoLab lab, String base, Connector connector, ConfiguredRoutes routes, String name)
            throws IOException {
        Path file = work.resolve("onboarding-" + name.replace(' ', '-') + ".json");
        OnboardingPackage pkg = new OnboardingIssuer(store, Clock.systemUTC())
                .issue(
                        List.of(CollectorEndpoint.parse(base, "US", "demo collector")),
                        Pem.encodeCertificates(List.of(lab.ca().certificate())),
                        Duration.ofHours(1),
                        file);
        HttpCall http = new RoutedHttpCall(new RoutedCall(routes, connector, RoutedHttpCall.profile(lab.trust())));
        return new EnrollmentClient(http, Clock.systemUTC()).enroll(pkg, name);
    }

    private List<String> send(int n, String phase) throws IOException {
        List<String> ids = new ArrayList<>();
        var lines = IntStream.range(0, n)
                .mapToObj(i -> "{\"type\":\"demo\",\"phase\":\"" + phase + "\",\"seq\":" + i + "}")
                .iterator();
        IntakeClient.Result r = new IntakeClient(sensor.socket(), Duration.ofSeconds(10)).send(lines, ack -> {
            if (ack.ok()) {
                ids.add(ack.id());
            }
        });
        if (!r.allStored()) {
            throw new IOException("the sensor refused " + r.refused() + " of " + n + " events");
        }
        return ids;
    }

    private void awaitDelivered(Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        // Stored at the collector, and the spool drained: the sender has read every answer (the
        // collector commits before it answers), so lastRoute() is the route that delivered them.
        while (countStored(ids) < ids.size() || sensor.spool().status().depth() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("events not delivered within " + WAIT.toSeconds() + " s (last route "
                        + sender.lastRoute() + ")");
            }
            Thread.sleep(100);
        }
    }

    private long countStored(Set<String> ids) {
        long[] n = {0};
        store.events().query(null, e -> {
            if (ids.contains(e.id())) {
                n[0]++;
            }
        });
        return n[0];
    }

    @Override
    public void close() throws IOException {
        if (sensor != null) {
            sensor.close();
        }
        server.close();
        store.close();
    }
}
