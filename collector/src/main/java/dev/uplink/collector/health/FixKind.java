package dev.uplink.collector.health;

import dev.uplink.core.CaseMapping;
import java.util.Optional;

/** The fix lists a site's failing endpoints can be rendered as (docs/behaviour.md#fleet-health). */
public enum FixKind {
    SQUID("squid"),
    PAC("pac"),
    INSPECTION_BYPASS("inspection-bypass");

    private final String wireName;

    FixKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FixKind> fromWireName(String name) {
        for (FixKind k : values()) {
            if (k.wireName.equals(CaseMapping.lower(name))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
