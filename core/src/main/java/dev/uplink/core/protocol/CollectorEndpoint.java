package dev.uplink.core.protocol;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A collector base URL ({@code https://host[:port]}) and the geography it serves. */
public record CollectorEndpoint(URI url, String geography) {

    /** Parses and normalises a base URL: https only, a host, no user info, path, query or fragment. */
    public static CollectorEndpoint parse(String url, String geography, String what) {
        String expected = "expected https://HOST[:PORT], e.g. https://collector.example.com:8443";
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(what + " is empty: " + expected);
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(what + " '" + url + "' is not a URL: " + expected);
        }
        if (u.getScheme() == null || !u.getScheme().equalsIgnoreCase("https")) {
            throw new InvalidInputException(
                    what + " '" + url + "' is not https: " + expected + " (device secrets never travel in clear text)");
        }
        if (u.getHost() == null
                || u.getRawUserInfo() != null
                || u.getRawQuery() != null
                || u.getRawFragment() != null
                || !(u.getRawPath() == null
                        || u.getRawPath().isEmpty()
                        || u.getRawPath().equals("/"))) {
            throw new InvalidInputException(what + " '" + url + "' is not a base URL: " + expected);
        }
        String host = u.getHost();
        boolean v6 = host.startsWith("[");
        String bare = v6 ? host.substring(1, host.length() - 1) : host;
        String normal = HostPort.normaliseHost(bare, what);
        String authority = (v6 ? "[" + normal + "]" : normal) + (u.getPort() == -1 ? "" : ":" + u.getPort());
        return new CollectorEndpoint(
                URI.create("https://" + authority.toLowerCase(Locale.ROOT)),
                Geography.parse(geography, what + " geography"));
    }

    /** The URL of an API path under this collector, e.g. {@code /v1/events}. */
    public URI resolve(String path) {
        return URI.create(url + path);
    }
}
