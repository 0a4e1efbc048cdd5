package dev.uplink.lab.proxy;

/**
 * The answers the demo proxy generates itself, named and numbered like Squid's error pages
 * ({@code X-Squid-Error: ERR_ACCESS_DENIED 0}) so the analyzer's proxy diagnoses read the
 * same header they would read from a real Squid. The number after the name is Squid's errno
 * slot: 0, or 111 (ECONNREFUSED) for a failed connect.
 */
enum ProxyError {
    ACCESS_DENIED(
            403,
            "Forbidden",
            "ERR_ACCESS_DENIED 0",
            "Access to this destination is not allowed by the proxy's allowlist."),
    DNS_FAIL(503, "Service Unavailable", "ERR_DNS_FAIL 0", "The proxy could not resolve the destination host name."),
    CONNECT_FAIL(503, "Service Unavailable", "ERR_CONNECT_FAIL 111", "The proxy could not connect to the destination."),
    INVALID_REQ(400, "Bad Request", "ERR_INVALID_REQ 0", "The request could not be parsed."),
    INVALID_URL(
            400, "Bad Request", "ERR_INVALID_URL 0", "The request target is not an absolute http URL or host:port."),
    INVALID_RESP(
            502, "Bad Gateway", "ERR_INVALID_RESP 0", "The destination sent a response the proxy could not parse."),
    /** Over the connection cap: no Squid name, Squid simply stops accepting. */
    BUSY(503, "Service Unavailable", null, "The proxy is handling too many connections.");

    private final int status;
    private final String reason;
    private final String squidError;
    private final String explanation;

    ProxyError(int status, String reason, String squidError, String explanation) {
        this.status = status;
        this.reason = reason;
        this.squidError = squidError;
        this.explanation = explanation;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The {@code X-Squid-Error} header value, or null when none is sent. */
    public String squidError() {
        return squidError;
    }

    public String explanation() {
        return explanation;
    }
}
