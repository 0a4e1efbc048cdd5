package dev.uplink.sensor.check;

import java.util.List;

/**
 * What one run of the probe set found.
 *
 * @param sensorRoute          the sensor's effective route to its collector, e.g. {@code PROXY proxy.corp:3128; DIRECT}
 * @param geo                  the geography the probe set was chosen for, or null
 * @param os                   the platform it was chosen for, or null
 * @param connectivity         the vendor connectivity model ({@code streamlined}, {@code standard}), or null
 * @param configurationSources where the proxy settings came from (file names), may be empty
 * @param urls                 URLs probed
 */
public record ProbeReport(
        String sensorRoute,
        String geo,
        String os,
        String connectivity,
        List<String> configurationSources,
        int urls,
        List<ProbeResult> results) {
    public ProbeReport {
        configurationSources = List.copyOf(configurationSources);
        results = List.copyOf(results);
    }

    public long failing() {
        return results.stream().filter(ProbeResult::failed).count();
    }
}
