package dev.uplink.analyzer.report;

import java.util.Objects;

/**
 * One method tried for one URL.
 *
 * @param method      which of the five methods
 * @param route       the route used, in PAC form ("PROXY 10.0.0.6:8080", "DIRECT"), or null when not configured
 * @param outcome     succeeded, failed or not configured
 * @param httpStatus  the HTTP status received, or null when none was (network error, not configured)
 * @param diagnosis   the diagnosis code of a failure (e.g. "proxy-denied"), or null
 * @param detail      what was observed, e.g. "ERR_ACCESS_DENIED" or "connection refused by 10.0.0.6:8080"; may be ""
 * @param remediation what to do about the diagnosis; "" when none
 * @param elapsedMs   time the attempt took
 * @param proxyAuth   the scheme uplink authenticated to the proxy with ({@code Basic}, {@code Negotiate}), or null
 */
public record MethodResult(
        ProbeMethod method,
        String route,
        MethodOutcome outcome,
        Integer httpStatus,
        String diagnosis,
        String detail,
        String remediation,
        long elapsedMs,
        String proxyAuth) {

    /** A result without proxy authentication. */
    public MethodResult(
            ProbeMethod method,
            String route,
            MethodOutcome outcome,
            Integer httpStatus,
            String diagnosis,
            String detail,
            String remediation,
            long elapsedMs) {
        this(method, route, outcome, httpStatus, diagnosis, detail, remediation, elapsedMs, null);
    }

    public MethodResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        remediation = remediation == null ? "" : remediation;
        if (elapsedMs < 0) {
            throw new IllegalArgumentException("elapsedMs < 0");
        }
    }

    public static MethodResult succeeded(ProbeMethod method, String route, int httpStatus, long elapsedMs) {
        return new MethodResult(method, route, MethodOutcome.SUCCEEDED, httpStatus, null, "", "", elapsedMs);
    }

    public static MethodResult failed(
            ProbeMethod method,
            String route,
            Integer httpStatus,
            String diagnosis,
            String detail,
            String remediation,
            long elapsedMs) {
        return new MethodResult(
                method, route, MethodOutcome.FAILED, httpStatus, diagnosis, detail, remediation, elapsedMs);
    }

    /** The same result, authenticated to its proxy with {@code scheme} (null: not authenticated). */
    public MethodResult withProxyAuth(String scheme) {
        return new MethodResult(method, route, outcome, httpStatus, diagnosis, detail, remediation, elapsedMs, scheme);
    }

    public static MethodResult notConfigured(ProbeMethod method) {
        return new MethodResult(method, null, MethodOutcome.NOT_CONFIGURED, null, null, "", "", 0);
    }

    public int id() {
        return method.id();
    }

    public String name() {
        return method.title();
    }

    /**
     * The outcome as the text report prints it: {@code Succeeded (200)}, {@code Doesn't exist},
     * {@code Failed (403, proxy-denied: ERR_ACCESS_DENIED)}, {@code Failed (connect-refused: ...)}.
     */
    public String summary() {
        return switch (outcome) {
            case NOT_CONFIGURED -> "Doesn't exist";
            case SUCCEEDED -> (httpStatus == null ? "Succeeded" : "Succeeded (" + httpStatus + ")") + authText();
            case FAILED -> "Failed (" + failureText() + ")" + authText();
        };
    }

    /** {@code , authenticated to the proxy with Basic} when credentials were sent. */
    private String authText() {
        return proxyAuth == null ? "" : ", authenticated to the proxy with " + proxyAuth;
    }

    private String failureText() {
        StringBuilder sb = new StringBuilder();
        if (httpStatus != null) {
            sb.append(httpStatus);
        }
        if (diagnosis != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(diagnosis);
        }
        String d = oneLine(detail);
        if (!d.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : diagnosis != null ? ": " : ", ").append(d);
        }
        return sb.length() == 0 ? "unknown error" : sb.toString();
    }

    /** Details come from the network: keep one line and a bounded length in the text report. */
    static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }
}
