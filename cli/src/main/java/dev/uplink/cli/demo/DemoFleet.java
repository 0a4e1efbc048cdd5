package dev.uplink.cli.demo;

import dev.uplink.cli.collector.AnalyzerFixLists;
import dev.uplink.cli.collector.HealthText;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.SiteSummary;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.lab.proxy.DemoProxy;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.check.NetworkFacts;
import dev.uplink.sensor.daemon.RouteStatus;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.enroll.DeviceCredential;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's third act (docs/behaviour.md#the-demos-fleet): three simulated devices at two sites check
 * their own connectivity, as sensors do, and the collector answers the administrator's question
 * "which site cannot reach which service, and why". Headquarters goes through the allowlisting
 * proxy; the branch office goes through a proxy that inspects TLS with a CA its machines trust but
 * the service does not pin. Each device is a real sensor (spool, delivery, its scheduled start
 * check); only its network facts are given, so that it can sit at a site.
 */
final class DemoFleet implements AutoCloseable {
    static final String HQ = "HQ";
    static final String BRANCH = "Branch";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One simulated device: its name, site and place on the network, and the proxy its policy names. */
    record Member(String name, String site, String address, String domain, DemoProxy proxy) {}

    private final DemoLab lab;
    private final DemoDelivery delivery;
    private final Path work;
    private final List<SensorDaemon> sensors = new ArrayList<>();

    DemoFleet(DemoLab lab, DemoDelivery delivery, Path work) {
        this.lab = lab;
        this.delivery = delivery;
        this.work = work;
    }

    /** Runs the act and returns the health document it printed. */
    HealthDocument run(PrintWriter o) throws Exception {
        KeyAndChain inspectionCa = Pki.createCa("Contoso TLS Inspection CA (demo)");
        // The branch's administrator exempted the collector from inspection, not the vendor's service.
        DemoProxy inspecting = lab.startInspectingProxy(inspectionCa, Set.of(DemoDelivery.COLLECTOR_HOST));
        if (!lab.proxy().isRunning()) {
            lab.proxy().restart(); // the delivery act stopped it
        }
        List<Member> fleet = List.of(
                new Member("hq-ws-01", HQ, "10.10.1.21", "hq.contoso.demo", lab.proxy()),
                new Member("hq-ws-02", HQ, "10.10.1.22", "hq.contoso.demo", lab.proxy()),
                new Member("branch-ws-01", BRANCH, "10.20.5.31", "branch.contoso.demo", inspecting));
        delivery.store().health().setSite(HQ, List.of("10.10.0.0/16"));
        delivery.store().health().setSite(BRANCH, List.of("10.20.0.0/16"));
        o.println("Fleet: three devices at two sites check their own connectivity and report it");
        o.println("  sites   : " + HQ + " 10.10.0.0/16 through " + lab.proxy().hostPort()
                + " (allowlist), " + BRANCH + " 10.20.0.0/16 through " + inspecting.hostPort()
                + " (inspects TLS with \"" + inspectionCa.subject() + "\",");
        o.println("            which the branch's machines trust; the collector is exempt from inspection)");
        o.flush();
        HealthDocument doc = null;
        for (Member m : fleet) {
            sensors.add(start(m, inspectionCa));
            o.print("  " + m.name() + " (" + m.address() + ", " + m.domain() + "): enrolled, checking through "
                    + m.proxy().hostPort() + " ... ");
            o.flush();
            // One device at a time: the demo's single origin answers every host, and three checks at
            // once on a small machine would time out there rather than show the proxies' effects.
            doc = awaitChecks(sensors.size());
            o.println("check delivered");
        }
        o.println();
        o.println("uplink collector health:");
        o.print(HealthText.render(doc));
        Optional<SiteSummary> branch =
                doc.sites().stream().filter(s -> s.name().equals(BRANCH)).findFirst();
        if (branch.isPresent() && branch.get().failingDevices() > 0) {
            List<String> failing =
                    delivery.store().health().failingUrls(BRANCH, Instant.now(), FixKind.INSPECTION_BYPASS);
            o.println();
            o.println("Fix for " + BRANCH + " (uplink collector health --site " + BRANCH
                    + " --fix inspection-bypass): exempt these hosts from inspection");
            o.print(new AnalyzerFixLists().render(FixKind.INSPECTION_BYPASS, BRANCH, failing, inspecting.hostPort()));
        }
        o.flush();
        return doc;
    }

    private SensorDaemon start(Member m, KeyAndChain inspectionCa) throws IOException {
        Path home = Files.createDirectories(work.resolve("fleet").resolve(m.name()));
        ConfigStore config = new ConfigStore(Files.createDirectories(home.resolve("config")));
        config.savePolicy(new MachinePolicy(HostPort.parse(m.proxy().hostPort(), "demo proxy"), 1));
        ConfiguredRoutes routes = new ConfiguredRoutes(config, w -> null, new BadProxyMemory());
        // Direct connections resolve the collector's name only, as in the delivery act.
        Connector connector =
                new Connector(HostResolver.of(Map.of(DemoDelivery.COLLECTOR_HOST, InetAddress.getLoopbackAddress())));
        DeviceCredential credential = delivery.enroll(lab, delivery.baseUrl(), connector, routes, m.name());
        // Machines at the branch trust the inspection CA (deployed with the proxy); the checks still
        // pin the service's CA, which is what shows the interception.
        TrustMaterial machineTrust = m.site().equals(BRANCH)
                ? TrustMaterial.only(lab.ca().certificate(), inspectionCa.certificate())
                : lab.trust();
        String auth = credential.authorizationHeader();
        RoutedCall uploads =
                new RoutedCall(routes, connector, CollectorBatchSender.profile(lab.trust(), Duration.ofSeconds(5)));
        CollectorBatchSender sender =
                new CollectorBatchSender(URI.create(delivery.eventsUrl()), () -> auth, uploads, Clock.systemUTC());
        ConnectivityCheckSettings checks = new ConnectivityCheckSettings(
                true,
                ConnectivityCheckSettings.DEFAULT_INTERVAL,
                ConnectivityCheckSettings.DEFAULT_TIMEOUT,
                Duration.ofSeconds(50),
                8,
                Duration.ZERO, // check at start: the act has no six hours to wait
                5,
                Duration.ofMinutes(60),
                Duration.ofMinutes(10),
                Duration.ofMinutes(5));
        NetworkFacts facts = new NetworkFacts(
                m.domain(), m.address().replaceAll("\\.\\d+$", ".1"), List.of(m.address()), m.address(), null);
        return SensorDaemon.start(
                home.resolve("sensor"),
                delivery.sensorConfig(home.resolve("sensor"), checks),
                sender,
                () -> RouteStatus.of(sender.lastRoute()),
                new DemoProbe(lab, config, machineTrust, delivery.baseUrl()),
                () -> facts);
    }

    /** Waits until every device's check is in the collector's health view. */
    private HealthDocument awaitChecks(int devices) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HealthDocument doc = delivery.store().health().health(Instant.now(), Optional.empty());
            int checked = doc.sites().stream().mapToInt(SiteSummary::devices).sum();
            if (checked >= devices) {
                return doc;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + checked + " of " + devices
                        + " devices' checks reached the collector within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws IOException {
        for (SensorDaemon s : sensors) {
            s.close();
        }
    }
}
