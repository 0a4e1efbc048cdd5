package dev.uplink.lab.proxy;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * What a client asks the forward proxy: a {@code CONNECT host:port} tunnel, or an absolute-form
 * request ({@code GET http://host/path}) to forward. Anything else (origin-form, other schemes,
 * malformed lines) is refused with Squid's error names.
 *
 * @param pathAndQuery the origin-form target to send upstream; null for CONNECT
 */
record ProxyRequest(String method, HostPort destination, String pathAndQuery, RequestHead head) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/1\\.[01]");

    boolean isConnect() {
        return pathAndQuery == null;
    }

    /** The request as shown in logs and events: {@code CONNECT h:443} or {@code GET http://h/p}. */
    String describe() {
        if (isConnect()) {
            return method + " " + destination;
        }
        return method + " http://" + hostHeader() + pathAndQuery;
    }

    /** The authority as a Host header states it: the port only when it is not 80. */
    String hostHeader() {
        String host = destination.isIpv6Literal() ? "[" + destination.host() + "]" : destination.host();
        return destination.port() == 80 ? host : host + ":" + destination.port();
    }

    static ProxyRequest parse(RequestHead head) throws ProxyRefusal {
        String[] parts = head.requestLine().split(" ", -1);
        if (parts.length != 3
                || !TOKEN.matcher(parts[0]).matches()
                || !VERSION.matcher(parts[2]).matches()) {
            throw new ProxyRefusal(
                    ProxyError.INVALID_REQ, "request line '" + head.requestLine() + "' is not METHOD target HTTP/1.x");
        }
        String method = parts[0];
        String target = parts[1];
        if (method.equals("CONNECT")) {
            try {
                return new ProxyRequest(method, HostPort.parse(target, "CONNECT target"), null, head);
            } catch (InvalidInputException e) {
                throw new ProxyRefusal(ProxyError.INVALID_URL, e.getMessage());
            }
        }
        return absoluteForm(method, target, head);
    }

    private static ProxyRequest absoluteForm(String method, String target, RequestHead head) throws ProxyRefusal {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new ProxyRefusal(ProxyError.INVALID_URL, "request target '" + target + "' is not a valid URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new ProxyRefusal(
                    ProxyError.INVALID_URL,
                    "request target '" + target + "' is not an absolute http:// URL (use CONNECT for https)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ProxyRefusal(ProxyError.INVALID_URL, "request target '" + target + "' carries user info");
        }
        HostPort destination;
        try {
            destination = new HostPort(
                    HostPort.normaliseHost(DestinationAllowlist.stripBrackets(uri.getHost()), "URL host"),
                    uri.getPort() < 0 ? 80 : uri.getPort());
        } catch (InvalidInputException e) {
            throw new ProxyRefusal(ProxyError.INVALID_URL, e.getMessage());
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new ProxyRequest(method, destination, path + query, head);
    }
}
