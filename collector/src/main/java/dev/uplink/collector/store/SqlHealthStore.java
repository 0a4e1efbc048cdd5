package dev.uplink.collector.store;

import dev.uplink.collector.health.ConnectivityCheck;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.Site;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link HealthStore} in SQL shared by both stores. */
final class SqlHealthStore implements HealthStore {

    private final Transactor store;

    SqlHealthStore(Transactor store) {
        this.store = store;
    }

    @Override
    public void record(String deviceId, ConnectivityCheck check) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public HealthDocument health(Instant now, Optional<String> site) {
        return new HealthDocument(now, List.of(), List.of(), List.of());
    }

    @Override
    public Optional<DeviceDetail> device(String deviceId, Instant now) {
        return Optional.empty();
    }

    @Override
    public List<String> failingUrls(String site, Instant now) {
        return List.of();
    }

    @Override
    public void setSite(String name, List<String> cidrs) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<Site> sites() {
        return List.of();
    }

    @Override
    public boolean removeSite(String name) {
        return false;
    }
}
