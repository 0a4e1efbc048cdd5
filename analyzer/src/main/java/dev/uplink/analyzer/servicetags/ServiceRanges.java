package dev.uplink.analyzer.servicetags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The published address ranges of the services a device talks to, by service tag: what a
 * firewall that cannot match host names allows instead (docs/behaviour.md#service-tags).
 *
 * @param cloud        the Azure cloud the file describes ({@code Public}, {@code AzureGovernment} ...)
 * @param changeNumber the file's change number: a newer file has a larger one
 * @param source       the file the ranges were read from, for headers and messages
 * @param tags         tag name to its ranges, canonical and sorted
 */
public record ServiceRanges(String cloud, long changeNumber, String source, Map<String, List<IpPrefix>> tags) {

    /** The tags the vendor names for its sensor's traffic: the consolidated services and telemetry. */
    public static final List<String> SENSOR_TAGS = List.of("MicrosoftDefenderForEndpoint", "OneDsCollector");

    public ServiceRanges {
        tags = Map.copyOf(tags);
    }

    /** The union of the ranges of {@code names}, sorted, duplicates removed; unknown names are an error. */
    public List<IpPrefix> select(Collection<String> names) {
        TreeSet<IpPrefix> out = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            List<IpPrefix> ranges = tags.get(name);
            if (ranges == null) {
                missing.add(name);
            } else {
                out.addAll(ranges);
            }
        }
        if (!missing.isEmpty()) {
            throw new dev.uplink.core.InvalidInputException("service tag " + String.join(", ", missing) + " is not in "
                    + source + ": it has " + String.join(", ", new TreeSet<>(tags.keySet())));
        }
        return new ArrayList<>(out);
    }
}
