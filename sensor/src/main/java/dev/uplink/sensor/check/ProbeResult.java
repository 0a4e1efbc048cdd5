package dev.uplink.sensor.check;

/**
 * One URL by one method (the analyzer's method id, or {@code sensor} for the sensor's own route),
 * as the {@code uplink.connectivity} event carries it (docs/behaviour.md#connectivity-check-events).
 *
 * @param endpoint   the URL's host: the collector's matrix column
 * @param service    the catalog's service label, or null
 * @param outcome    {@code succeeded}, {@code failed} or {@code not-configured}
 * @param diagnosis  the diagnosis code of a failure, else null
 * @param issuer     the issuer seen on an unexpected chain (inspection), else null
 * @param proxyError the proxy's error name (Squid's {@code ERR_ACCESS_DENIED}), else null
 */
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

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String NOT_CONFIGURED = "not-configured";
    /** The method id of the sensor's own route. */
    public static final String SENSOR_METHOD = "sensor";

    public boolean failed() {
        return FAILED.equals(outcome);
    }
}
