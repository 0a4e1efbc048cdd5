package dev.uplink.core.route;

import dev.uplink.core.net.HostPort;
import java.time.Instant;
import java.util.Objects;

/**
 * A proxy that failed below HTTP (DNS of its name, TCP connect, TLS to an HTTPS proxy) and is
 * tried last until {@code badUntil}. Named after Chromium's {@code ProxyRetryInfo}.
 *
 * @param proxy    the proxy address; keyed by address because an unreachable address is
 *                 unreachable whatever protocol (HTTP, SOCKS) is spoken to it
 * @param badUntil when the proxy gets its normal place in route lists again
 * @param reason   the failure, as the Connector classified it (e.g. "TCP connect refused")
 */
public record ProxyRetryInfo(HostPort proxy, Instant badUntil, String reason) {

    public ProxyRetryInfo {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(badUntil, "badUntil");
        reason = reason == null || reason.isBlank() ? "unreachable" : reason;
    }

    public boolean isBadAt(Instant now) {
        return badUntil.isAfter(now);
    }
}
