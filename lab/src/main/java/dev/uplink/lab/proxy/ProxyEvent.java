package dev.uplink.lab.proxy;

/**
 * One request handled by the demo proxy, for the demo's narration.
 *
 * @param request    {@code CONNECT host:443} or {@code GET http://host/path}; the raw start line when unparsable
 * @param status     the status the client got: 200 for an established tunnel, the origin's status when forwarded
 * @param squidError the {@code X-Squid-Error} value sent, or null when the proxy did not refuse
 */
public record ProxyEvent(String request, int status, String squidError) {
    @Override
    public String toString() {
        return request + " -> " + status + (squidError == null ? "" : " " + squidError);
    }
}
