package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;

/**
 * The fleet's connectivity health at {@code generatedAt} (docs/behaviour.md#fleet-health): per
 * site a summary, the site x endpoint matrix as cells, and the devices that fail or are stale.
 */
public record HealthDocument(
        Instant generatedAt, List<SiteSummary> sites, List<HealthCell> cells, List<DeviceHealth> devices) {

    public HealthDocument {
        sites = List.copyOf(sites);
        cells = List.copyOf(cells);
        devices = List.copyOf(devices);
    }
}
