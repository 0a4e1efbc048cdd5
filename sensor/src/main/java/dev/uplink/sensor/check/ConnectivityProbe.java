package dev.uplink.sensor.check;

/**
 * Runs the device's probe set once. The sensor schedules and budgets the checks and turns their
 * results into events; what a probe is (the analyzer's methods, the catalog, the onboarding file)
 * is wired in by the launcher, because the sensor module depends on core only
 * (docs/architecture.md).
 */
public interface ConnectivityProbe {
    /**
     * Probes every URL of the device's set by every configured method and by the sensor's own route.
     * Runs on the caller's thread (never a delivery thread); must honour the budget's parallelism and
     * per-probe timeout, and should return by the budget's total.
     */
    ProbeReport run(ProbeBudget budget);
}
