package dev.uplink.collector.metrics;

import dev.uplink.collector.store.DeviceStore;
import dev.uplink.collector.store.StoreException;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.Supplier;

/**
 * The collector's figures (docs/behaviour.md#metrics). The HTTP handlers count at the points
 * where they already decide an answer; the device gauges read the store at scrape time, so they
 * are right for every collector sharing a PostgreSQL store. Each instance has its own registry:
 * two collectors in one process (tests) do not add up.
 */
public final class CollectorMetrics {

    /** Request and commit latencies: a commit is a few ms on SQLite, a large batch on a remote database ~1 s. */
    private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter eventsReceived;
    private final Counter eventsStored;
    private final Counter eventsDuplicated;
    private final Counter batches;
    private final Histogram requestSeconds;
    private final Histogram commitSeconds;

    public CollectorMetrics() {
        eventsReceived = Counter.builder()
                .name("uplink_collector_events_received_total")
                .help("Events in batches that decoded, before duplicates are dropped")
                .register(registry);
        eventsStored = Counter.builder()
                .name("uplink_collector_events_stored_total")
                .help("Events newly stored (committed)")
                .register(registry);
        eventsDuplicated = Counter.builder()
                .name("uplink_collector_events_duplicated_total")
                .help("Events dropped because their device had already sent their id")
                .register(registry);
        batches = Counter.builder()
                .name("uplink_collector_batches_total")
                .help("Event uploads by result (stored, refused, rejected, unavailable) and reason")
                .labelNames("result", "reason")
                .register(registry);
        requestSeconds = Histogram.builder()
                .name("uplink_collector_request_duration_seconds")
                .help("Time from a request's head to its answer, by endpoint and status")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .labelNames("endpoint", "status")
                .register(registry);
        commitSeconds = Histogram.builder()
                .name("uplink_collector_store_commit_duration_seconds")
                .help("Time to store one batch, up to its commit")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .register(registry);
    }

    /** Adds the enrolled and revoked device counts, read from {@code devices} at each scrape. */
    public CollectorMetrics withDevices(Supplier<DeviceStore> devices) {
        GaugeWithCallback.builder()
                .name("uplink_collector_devices")
                .help("Devices by state: enrolled (may upload) or revoked")
                .labelNames("state")
                .callback(cb -> {
                    DeviceStore.Counts n;
                    try {
                        n = devices.get().counts();
                    } catch (StoreException e) {
                        return; // store unavailable: no sample rather than a false zero
                    }
                    cb.call(n.enrolled(), "enrolled");
                    cb.call(n.revoked(), "revoked");
                })
                .register(registry);
        return this;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** A batch that was stored: {@code received} decoded events, of which {@code stored} were new. */
    public void batchStored(int received, int stored, int duplicates, long commitNanos) {
        eventsReceived.inc(received);
        eventsStored.inc(stored);
        eventsDuplicated.inc(duplicates);
        commitSeconds.observe(commitNanos / 1e9);
        batches.labelValues("stored", "ok").inc();
    }

    /** A batch that was not stored; {@code result} and {@code reason} are from a fixed set (low cardinality). */
    public void batchNotStored(String result, String reason) {
        batches.labelValues(result, reason).inc();
    }

    /** One answered request; {@code endpoint} is a known path or "other". */
    public void request(String endpoint, int status, long nanos) {
        requestSeconds.labelValues(endpoint, Integer.toString(status)).observe(nanos / 1e9);
    }
}
