package dev.uplink.collector.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cell of the site x endpoint matrix: how many of the site's devices checked the endpoint, how
 * many failed it, and the failing devices per diagnosis code (most frequent first).
 */
public record HealthCell(String site, String endpoint, int devices, int failing, Map<String, Integer> diagnoses) {

    public HealthCell {
        diagnoses = Collections.unmodifiableMap(new LinkedHashMap<>(diagnoses));
    }

    /** The most frequent diagnosis among the failing devices, if any failed with one. */
    public Optional<String> topDiagnosis() {
        return diagnoses.keySet().stream().findFirst();
    }
}
