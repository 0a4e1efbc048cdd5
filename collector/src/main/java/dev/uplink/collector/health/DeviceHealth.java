package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One device in the health document: where it is, when it last checked and was last seen (any
 * upload), whether that is stale (docs/behaviour.md#staleness), and what its latest check failed.
 *
 * <p>The failed results come in one of two forms: as a list, or as the JSON array {@link
 * HealthJson#failingJson} wrote when the check was recorded ({@code failingText}), which the
 * document copies as it is: a fleet's document lists thousands of devices, and reading each one's
 * results back column by column was most of the query (docs/scaling.md#fleet-health). {@link
 * #failing()} gives the list in either form; the two forms of one device are equal.
 */
public record DeviceHealth(
        String deviceId,
        String name,
        String site,
        Instant lastCheck,
        Instant lastSeen,
        boolean stale,
        List<FailingProbe> failing,
        FailingText failingText) {

    public DeviceHealth {
        if ((failing == null) == (failingText == null)) {
            throw new IllegalArgumentException("a device's failed results: either the list or its JSON");
        }
        failing = failing == null ? null : List.copyOf(failing);
    }

    public DeviceHealth(
            String deviceId,
            String name,
            String site,
            Instant lastCheck,
            Instant lastSeen,
            boolean stale,
            List<FailingProbe> failing) {
        this(deviceId, name, site, lastCheck, lastSeen, stale, Objects.requireNonNull(failing, "failing"), null);
    }

    /** A device whose failed results are the JSON array {@link HealthJson#failingJson} wrote, as a store keeps it. */
    public static DeviceHealth prewritten(
            String deviceId,
            String name,
            String site,
            Instant lastCheck,
            Instant lastSeen,
            boolean stale,
            FailingText failingText) {
        return new DeviceHealth(
                deviceId, name, site, lastCheck, lastSeen, stale, null, Objects.requireNonNull(failingText));
    }

    /** This device with {@code failing} as its failed results (the list form). */
    public DeviceHealth withFailing(List<FailingProbe> failing) {
        return new DeviceHealth(deviceId, name, site, lastCheck, lastSeen, stale, failing);
    }

    /** This device with its failed results as the JSON array {@link HealthJson#failingJson} wrote. */
    public DeviceHealth withFailingJson(String failingJson) {
        return prewritten(deviceId, name, site, lastCheck, lastSeen, stale, FailingText.of(failingJson));
    }

    /** The pre-written form's JSON text, or null in the list form. */
    public String failingJson() {
        return failingText == null ? null : failingText.text();
    }

    /** The failed results in the check's order (read from the JSON, each time, in the pre-written form). */
    @Override
    public List<FailingProbe> failing() {
        return failing != null ? failing : HealthJson.readFailing(failingText.text());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceHealth d
                && stale == d.stale
                && Objects.equals(deviceId, d.deviceId)
                && Objects.equals(name, d.name)
                && Objects.equals(site, d.site)
                && Objects.equals(lastCheck, d.lastCheck)
                && Objects.equals(lastSeen, d.lastSeen)
                && failing().equals(d.failing());
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, name, site, lastCheck, lastSeen, stale, failing());
    }
}
