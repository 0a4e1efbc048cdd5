package dev.uplink.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.store.Device;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.KeyAndChain;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fleet load generator itself (bench/collector/fleet.sh runs it at scale): a few devices, two collectors, one PostgreSQL. */
class FleetSimulatorTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @Test
    void everyDeviceEnrollsAndEveryAcknowledgedEventIsStoredOnceAcrossTwoCollectors(@TempDir Path dir)
            throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        KeyAndChain ca = SelfSignedCa.loadOrCreate(dir);
        KeyAndChain identity = SelfSignedCa.issueServer(ca, List.of("127.0.0.1"));
        try (PostgresStore a = PostgresStore.open(url, PostgresHarness.PASSWORD);
                PostgresStore b = PostgresStore.open(url, PostgresHarness.PASSWORD);
                CollectorServer first = start(identity, a);
                CollectorServer second = start(identity, b)) {
            var options = new FleetSimulator.Options(
                    List.of(base(first), base(second)), List.of(ca.certificate()), 20, 2, 5, 8, Duration.ofSeconds(50));
            FleetSimulator.Report r = new FleetSimulator(options).run(a);

            assertEquals(0, r.errors(), r.firstErrors().toString());
            assertEquals(20, r.enrolled());
            assertEquals(20 * 2 * 2, r.uploads());
            assertEquals(20 * 2 * (1 + 5), r.eventsAccepted());
            assertEquals(r.eventsAccepted(), b.events().count(null));
            // Distinct credentials: twenty devices, each seen, each with its own id.
            List<Device> devices = b.devices().list();
            assertEquals(20, devices.size());
            assertTrue(devices.stream().allMatch(d -> d.lastSeenAt() != null), devices.toString());
            assertEquals(40, r.heartbeat().count());
            assertTrue(
                    r.batch().p99() >= r.batch().p50() && r.batch().p50() > 0,
                    r.batch().toString());
        }
    }

    @Test
    void aCollectorThatDoesNotAnswerIsFailedOverWithoutErrors(@TempDir Path dir) throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        KeyAndChain ca = SelfSignedCa.loadOrCreate(dir);
        KeyAndChain identity = SelfSignedCa.issueServer(ca, List.of("127.0.0.1"));
        URI dead;
        try (CollectorServer gone = CollectorServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            dead = URI.create("https://127.0.0.1:" + gone.address().getPort());
        }
        try (PostgresStore a = PostgresStore.open(url, PostgresHarness.PASSWORD);
                CollectorServer live = start(identity, a)) {
            var options = new FleetSimulator.Options(
                    List.of(dead, base(live)), List.of(ca.certificate()), 6, 1, 3, 4, Duration.ofSeconds(50));
            FleetSimulator.Report r = new FleetSimulator(options).run(a);

            assertEquals(0, r.errors(), r.firstErrors().toString());
            assertEquals(6 * (1 + 3), a.events().count(null));
            // Devices 0, 2, 4 start on the dead collector: their enrollment and both uploads fail over.
            assertEquals(3 * 3, r.failovers());
        }
    }

    private static CollectorServer start(KeyAndChain identity, PostgresStore store) throws Exception {
        return CollectorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                identity,
                store,
                CollectorLimits.defaults(),
                Clock.systemUTC());
    }

    private static URI base(CollectorServer server) {
        return URI.create("https://127.0.0.1:" + server.address().getPort());
    }
}
