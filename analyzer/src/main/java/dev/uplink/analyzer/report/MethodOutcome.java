package dev.uplink.analyzer.report;

/** The result of one method for one URL; the JSON report uses {@link #wire()}. */
public enum MethodOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    NOT_CONFIGURED("not-configured");

    private final String wire;

    MethodOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
