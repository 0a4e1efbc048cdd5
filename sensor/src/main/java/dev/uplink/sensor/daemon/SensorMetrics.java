package dev.uplink.sensor.daemon;

import dev.uplink.core.Redaction;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.spool.SpoolStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The sensor's figures (docs/behaviour.md#metrics), read at scrape time from what the status file
 * shows: the spool's and the delivery loop's own counters, so the daemon keeps one set of numbers
 * and a scrape costs nothing between scrapes.
 */
public final class SensorMetrics {

    private SensorMetrics() {}

    static PrometheusRegistry register(
            Supplier<SpoolStatus> spool,
            Supplier<DeliveryStats> delivery,
            Supplier<RouteMonitor.Snapshot> routes,
            Instant startedAt,
            Clock clock) {
        PrometheusRegistry r = new PrometheusRegistry();
        GaugeWithCallback.builder()
                .name("uplink_sensor_spool_events")
                .help("Events in the spool, not yet delivered")
                .callback(cb -> cb.call(spool.get().depth()))
                .register(r);
        GaugeWithCallback.builder()
                .name("uplink_sensor_spool_bytes")
                .help("Disk space used by the spool")
                .unit(Unit.BYTES)
                .callback(cb -> cb.call(spool.get().diskBytes()))
                .register(r);
        GaugeWithCallback.builder()
                .name("uplink_sensor_spool_max_bytes")
                .help("The spool's size limit")
                .unit(Unit.BYTES)
                .callback(cb -> cb.call(spool.get().maxBytes()))
                .register(r);
        GaugeWithCallback.builder()
                .name("uplink_sensor_spool_oldest_age_seconds")
                .help("Age of the oldest undelivered event (0 when the spool is empty)")
                .unit(Unit.SECONDS)
                .callback(cb -> {
                    Instant oldest = spool.get().oldestAppendedAt();
                    cb.call(oldest == null ? 0 : secondsSince(oldest, clock));
                })
                .register(r);
        CounterWithCallback.builder()
                .name("uplink_sensor_events_accepted_total")
                .help("Events accepted into the spool")
                .callback(cb -> cb.call(spool.get().accepted()))
                .register(r);
        CounterWithCallback.builder()
                .name("uplink_sensor_events_delivered_total")
                .help("Events the collector committed")
                .callback(cb -> cb.call(delivery.get().delivered()))
                .register(r);
        CounterWithCallback.builder()
                .name("uplink_sensor_deliveries_retried_total")
                .help("Failed delivery attempts that were retried")
                .callback(cb -> cb.call(delivery.get().retried()))
                .register(r);
        CounterWithCallback.builder()
                .name("uplink_sensor_events_parked_total")
                .help("Events the collector rejected, parked as dead letters")
                .callback(cb -> cb.call(delivery.get().parkedEvents()))
                .register(r);
        GaugeWithCallback.builder()
                .name("uplink_sensor_last_delivery_age_seconds")
                .help("Seconds since the collector last committed a batch (since the start when none yet)")
                .unit(Unit.SECONDS)
                .callback(cb -> {
                    Instant last = delivery.get().lastDeliveredAt();
                    cb.call(secondsSince(last == null ? startedAt : last, clock));
                })
                .register(r);
        GaugeWithCallback.builder()
                .name("uplink_sensor_route_info")
                .help("The routes to the collector: configured (PAC form) and last used (value always 1)")
                .labelNames("configured", "last_used")
                .callback(cb -> {
                    RouteStatus st = routes.get().routes();
                    cb.call(1, configured(st), lastUsed(st));
                })
                .register(r);
        return r;
    }

    /** Label values: routes are few and change rarely, and a proxy's credentials never show. */
    private static String configured(RouteStatus st) {
        return st == null || st.configured() == null ? "unknown" : Redaction.redactValue(st.configured());
    }

    /** "none" before the first delivery attempt (the sender's own placeholder text is not a route). */
    private static String lastUsed(RouteStatus st) {
        String r = st == null ? null : st.lastUsed();
        return r == null || r.equals("not tried yet") ? "none" : Redaction.redactValue(r);
    }

    private static double secondsSince(Instant t, Clock clock) {
        return Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0);
    }
}
