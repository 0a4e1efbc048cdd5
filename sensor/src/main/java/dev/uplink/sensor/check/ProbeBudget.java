package dev.uplink.sensor.check;

import java.time.Duration;

/**
 * How much of the machine a check may use: so that it never competes with delivery
 * (docs/behaviour.md#connectivity-check-events).
 *
 * @param parallelism  probes in flight at once
 * @param probeTimeout one probe, all steps
 * @param total        the whole check
 */
public record ProbeBudget(int parallelism, Duration probeTimeout, Duration total) {
    public ProbeBudget {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static ProbeBudget of(ConnectivityCheckSettings s) {
        return new ProbeBudget(s.parallelism(), s.timeout(), s.budget());
    }
}
