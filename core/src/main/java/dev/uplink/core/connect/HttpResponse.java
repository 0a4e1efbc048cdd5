package dev.uplink.core.connect;

/**
 * A parsed HTTP/1.x response head plus the (bounded) body read. {@code persistent}: the server
 * keeps the connection open (HTTP/1.1 without {@code Connection: close}) and the body was read to
 * its delimited end, so the connection may carry another request.
 */
public record HttpResponse(
        int status, String reason, Headers headers, byte[] body, boolean truncated, boolean persistent) {

    /** {@code 200 OK}, or {@code 204} without a reason phrase. */
    public String statusLine() {
        return status + (reason.isEmpty() ? "" : " " + reason);
    }

    /** Squid names its errors ({@code ERR_ACCESS_DENIED 0}); keep just the name. */
    String squidError() {
        String v = headers.get("X-Squid-Error");
        if (v == null || v.isBlank()) {
            return null;
        }
        String name = v.trim().split("\\s+")[0];
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** A proxy's block or identity sign on this answer, or null (docs/behaviour.md#answers-and-evidence). */
    ProxyBlockMarkers.Sign proxySign() {
        return ProxyBlockMarkers.find(headers, body);
    }

    /** Signs that only a proxy puts on its own answers: Squid's error name, RFC 9209 Proxy-Status, a block page. */
    boolean generatedByProxy() {
        ProxyBlockMarkers.Sign s = proxySign();
        return s != null && s.blockPage();
    }

    /** e.g. {@code 403 Forbidden (X-Squid-Error: ERR_ACCESS_DENIED)}, {@code 403 Forbidden (Blue Coat/Symantec ProxySG: Via: 1.1 bluecoat-sg)}. */
    String describe() {
        StringBuilder sb = new StringBuilder(statusLine());
        String squid = squidError();
        if (squid != null) {
            sb.append(" (X-Squid-Error: ").append(squid).append(')');
        }
        String ps = headers.get("Proxy-Status");
        if (ps != null) {
            sb.append(" (Proxy-Status: ")
                    .append(ps.length() > 120 ? ps.substring(0, 120) : ps)
                    .append(')');
        }
        ProxyBlockMarkers.Sign sign = proxySign();
        if (squid == null && ps == null && sign != null) {
            sb.append(" (").append(sign).append(')');
        }
        return sb.toString();
    }
}
