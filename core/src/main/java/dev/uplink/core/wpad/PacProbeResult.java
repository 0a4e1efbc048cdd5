package dev.uplink.core.wpad;

import java.util.Objects;

/**
 * The answer of a {@link PacProbe}: {@code FOUND} with the PAC text, or another outcome with
 * a detail naming what went wrong (HTTP status, network error, "not a PAC script").
 */
public record PacProbeResult(WpadOutcome outcome, String pacScript, String detail) {
    public PacProbeResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        if ((outcome == WpadOutcome.FOUND) != (pacScript != null)) {
            throw new IllegalArgumentException("a PAC script goes with FOUND and only with FOUND");
        }
    }

    public static PacProbeResult found(String pacScript, String detail) {
        return new PacProbeResult(WpadOutcome.FOUND, pacScript, detail);
    }

    public static PacProbeResult notFound(String detail) {
        return new PacProbeResult(WpadOutcome.NOT_FOUND, null, detail);
    }

    public static PacProbeResult timeout(String detail) {
        return new PacProbeResult(WpadOutcome.TIMEOUT, null, detail);
    }

    public static PacProbeResult error(String detail) {
        return new PacProbeResult(WpadOutcome.ERROR, null, detail);
    }

    /** True when {@code text} looks like a PAC script: it must define the entry point browsers call. */
    public static boolean looksLikePac(String text) {
        return text.contains("FindProxyForURL");
    }
}
