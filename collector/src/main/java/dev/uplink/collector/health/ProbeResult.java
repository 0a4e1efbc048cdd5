package dev.uplink.collector.health;

/** One result of a check, per URL and method (docs/behaviour.md#fleet-health). */
public record ProbeResult(
        String url,
        String endpoint,
        String service,
        String method,
        String methodName,
        String route,
        String outcome,
        String diagnosis,
        String detail,
        String remediation,
        String issuer,
        String proxyError,
        Integer httpStatus,
        long elapsedMs) {

    /** The wire name of a failed outcome (the analyzer's MethodOutcome). */
    public static final String FAILED = "failed";

    public boolean failed() {
        return FAILED.equals(outcome);
    }

    public FailingProbe asFailing() {
        return new FailingProbe(
                url, endpoint, method, route, diagnosis, detail, remediation, issuer, proxyError, httpStatus);
    }
}
