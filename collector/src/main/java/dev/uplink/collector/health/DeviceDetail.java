package dev.uplink.collector.health;

import java.util.List;

/** Everything the collector knows of one device's connectivity: its latest check in full, and the history. */
public record DeviceDetail(
        DeviceHealth health,
        String host,
        String sensorRoute,
        List<String> configurationSources,
        NetworkFacts network,
        List<CheckSummary> history,
        List<ProbeResult> lastResults) {

    public DeviceDetail {
        configurationSources = List.copyOf(configurationSources);
        history = List.copyOf(history);
        lastResults = List.copyOf(lastResults);
    }
}
