package dev.uplink.core.system;

import java.util.List;

/** Every source found, the files that could not be used, the service's choice and the conflicts. */
public record SourcesReport(
        List<ProxySource> sources, List<Finding> findings, EffectiveSource effective, List<Conflict> conflicts) {

    public SourcesReport {
        sources = List.copyOf(sources);
        findings = List.copyOf(findings);
        conflicts = List.copyOf(conflicts);
    }

    public static SourcesReport of(List<ProxySource> sources, List<Finding> findings) {
        EffectiveSource effective = EffectiveSource.choose(sources);
        return new SourcesReport(sources, findings, effective, Conflicts.find(sources, effective));
    }
}
