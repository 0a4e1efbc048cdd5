package dev.uplink.collector.health;

/** One failed result of a device's latest check, with its evidence. Nullable fields are absent evidence. */
public record FailingProbe(
        String url,
        String endpoint,
        String method,
        String route,
        String diagnosis,
        String detail,
        String remediation,
        String issuer,
        String proxyError,
        Integer httpStatus) {}
