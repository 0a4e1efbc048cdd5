package dev.uplink.core.protocol;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.net.URISyntaxException;

/** A collector base URL ({@code https://host[:port]}) and the geography it serves. */
public record CollectorEndpoint(URI url, String geography) {

    /** Parses and normalises a base URL: https only, a host, no user info, path, query or fragment. */
    public static CollectorEndpoint parse(String url, String geography, String what) {
        String expected = "expected https://HOST[:PORT], e.g. https://collector.example.com:8443";
        URI u = secure(url, what, expected);
        if (u.getRawQuery() != null
                || u.getRawFragment() != null
                || !(u.getRawPath() == null
                        || u.getRawPath().isEmpty()
                        || u.getRawPath().equals("/"))) {
            throw new InvalidInputException(what + " '" + redact(url) + "' is not a base URL: " + expected);
        }
        String host = u.getHost();
        boolean v6 = host.startsWith("[");
        String bare = v6 ? host.substring(1, host.length() - 1) : host;
        String normal = HostPort.normaliseHost(bare, what);
        String authority = (v6 ? "[" + normal + "]" : normal) + (u.getPort() == -1 ? "" : ":" + u.getPort());
        return new CollectorEndpoint(
                URI.create("https://" + CaseMapping.lower(authority)), Geography.parse(geography, what + " geography"));
    }

    /**
     * A full collector URL such as the events URL ({@code https://host[:port]/v1/events}): the
     * same rules as a base URL — https, a host, no user info — with a path and query allowed.
     */
    public static URI parseEventsUrl(String url, String what) {
        return secure(
                url, what, "expected https://HOST[:PORT]/PATH, e.g. https://collector.example.com:8443/v1/events");
    }

    /** https, a host and no user info; messages never show a password (user info is replaced by ***). */
    private static URI secure(String url, String what, String expected) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(what + " is empty: " + expected);
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(what + " '" + redact(url) + "' is not a URL: " + expected);
        }
        if (u.getScheme() == null || !u.getScheme().equalsIgnoreCase("https")) {
            throw new InvalidInputException(what + " '" + redact(url) + "' is not https: " + expected
                    + " (device secrets never travel in clear text)");
        }
        if (u.getRawUserInfo() != null) {
            throw new InvalidInputException(what + " '" + redact(url)
                    + "' carries user info: remove it (the device authenticates with its credential), " + expected);
        }
        if (u.getHost() == null) {
            throw new InvalidInputException(what + " '" + redact(url) + "' is not a URL with a host: " + expected);
        }
        return u;
    }

    /** The URL with anything between "//" and the last "@" of its authority replaced by ***. */
    static String redact(String url) {
        return url.replaceAll("(?<=//)[^/?#]*@", "***@");
    }

    /** The URL of an API path under this collector, e.g. {@code /v1/events}. */
    public URI resolve(String path) {
        return URI.create(url + path);
    }
}
