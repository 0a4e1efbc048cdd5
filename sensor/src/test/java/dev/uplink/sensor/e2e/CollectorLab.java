package dev.uplink.sensor.e2e;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.TrustMaterial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real collector in this JVM (HTTPS service, SQLite store, self-signed CA) on a loopback port,
 * with a certificate for {@link #NAME} so that sensors can address it by name: the name is mapped
 * to 127.0.0.1 by the sensor's HostResolver (DIRECT) and by Squid's hosts file (through a proxy).
 */
public final class CollectorLab implements AutoCloseable {
    public static final String NAME = "collector.uplink.test";

    private final Path data;
    private final KeyAndChain ca;
    private final CollectorStore store;
    private final CollectorServer server;

    private CollectorLab(Path data, CollectorLimits limits, int port) throws IOException {
        this.data = data;
        this.store = CollectorStore.open(data);
        try {
            this.ca = SelfSignedCa.loadOrCreate(data);
            this.server = CollectorServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    SelfSignedCa.issueServer(ca, List.of(NAME)),
                    store,
                    limits,
                    Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public static CollectorLab start(Path data) throws IOException {
        return new CollectorLab(data, CollectorLimits.defaults(), 0);
    }

    public static CollectorLab start(Path data, CollectorLimits limits) throws IOException {
        return new CollectorLab(data, limits, 0);
    }

    /**
     * A collector on a given port, e.g. one that "comes back" where a sensor expects it. Two labs on
     * the same data directory, one after the other, are two collectors sharing a database: same CA,
     * same devices, one event table.
     */
    public static CollectorLab startOnPort(Path data, int port) throws IOException {
        return new CollectorLab(data, CollectorLimits.defaults(), port);
    }

    public Path dataDir() {
        return data;
    }

    public CollectorStore store() {
        return store;
    }

    public int port() {
        return server.address().getPort();
    }

    /** {@code https://collector.uplink.test:<port>/v1/events}. */
    public URI eventsUrl() {
        return eventsUrl(port());
    }

    /** {@code https://collector.uplink.test:<port>/v1/events}, whether or not a collector listens there. */
    public static URI eventsUrl(int port) {
        return URI.create("https://" + NAME + ":" + port + "/v1/events");
    }

    public URI baseUrl() {
        return URI.create("https://" + NAME + ":" + port());
    }

    public KeyAndChain ca() {
        return ca;
    }

    public TrustMaterial trust() {
        return TrustMaterial.only(ca.certificate());
    }

    /** Enrolls a device directly in the store (the HTTP enrollment is covered elsewhere). */
    public IdAndSecret enroll(String deviceName) throws Exception {
        EnrollmentService service = new EnrollmentService(store.tokens(), Clock.systemUTC());
        EnrollmentService.IssuedToken token = service.issue(Duration.ofMinutes(10));
        return service.enroll(token.token().reveal(), deviceName).credential();
    }

    /** Every stored event id, in arrival order (duplicates would show up twice; the store keys by device and id). */
    public List<String> storedIds() {
        List<String> ids = new ArrayList<>();
        store.events().query(null, e -> ids.add(e.id()));
        return ids;
    }

    public List<String> storedIds(String deviceId) {
        List<String> ids = new ArrayList<>();
        store.events().query(null, e -> {
            if (e.deviceId().equals(deviceId)) {
                ids.add(e.id());
            }
        });
        return ids;
    }

    public long count(Instant since) {
        return store.events().count(since);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
