package dev.uplink.collector.store;

import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import java.time.Instant;
import java.util.List;

/**
 * A collector's shared state: events, devices, enrollment tokens and the tenant id. Two
 * implementations: {@link CollectorStore} (one SQLite file in a data directory, one collector) and
 * {@link PostgresStore} (one PostgreSQL database shared by several stateless collectors). The
 * HTTP handlers and the onboarding issuer see only this interface (docs/behaviour.md#stores).
 */
public interface Store extends AutoCloseable {

    EventStore events();

    DeviceStore devices();

    TokenStore tokens();

    /** Connectivity checks and sites (docs/behaviour.md#fleet-health). */
    HealthStore health();

    /** Dashboard operators and their API tokens. */
    OperatorStore operators();

    /** The tenant id of this store, generated once and never changed. */
    String tenantId();

    /** A cheap round trip to the database, for /healthz. */
    boolean isHealthy();

    /**
     * Housekeeping before and while serving: PostgreSQL creates the event partitions of the days
     * around {@code now} that are missing (docs/behaviour.md#partitions-and-retention); SQLite has
     * nothing to prepare. Returns what it created.
     */
    List<String> prepare(Instant now);

    /** Removes the events older than {@code cutoff} (docs/behaviour.md#partitions-and-retention). */
    Retained retain(Instant cutoff);

    @Override
    void close();
}
