package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;

/**
 * A connectivity check as a device sent it, parsed and validated by {@link ConnectivityCheckParser}
 * (docs/behaviour.md#fleet-health). Optional facts are null when the device sent none.
 *
 * @param intervalSeconds          the device's check interval: the check is stale after twice this
 * @param heartbeatIntervalSeconds the device's heartbeat interval when it sent one, else null (the
 *     sensor's default is then assumed: docs/behaviour.md#staleness)
 */
public record ConnectivityCheck(
        String checkId,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        long intervalSeconds,
        Long heartbeatIntervalSeconds,
        String host,
        String geo,
        String os,
        String connectivity,
        String sensorRoute,
        List<String> configurationSources,
        NetworkFacts network,
        List<ProbeResult> results) {

    public ConnectivityCheck {
        configurationSources = List.copyOf(configurationSources);
        results = List.copyOf(results);
    }

    /** The results whose outcome is failed. */
    public int failingCount() {
        return (int) results.stream().filter(ProbeResult::failed).count();
    }
}
