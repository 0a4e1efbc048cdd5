package dev.uplink.core.config;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks a PAC file location: an {@code http://} or {@code https://} URL with a host, or a {@code file:} URL. */
public final class AutoconfigUrls {

    public static final String EXPECTED =
            "expected an http://, https:// or file: URL, e.g. http://wpad.corp.example/proxy.pac";

    private AutoconfigUrls() {}

    public static void check(String url, String what) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    what + " '" + url + "' is not a URL (" + e.getReason() + "): " + EXPECTED, e);
        }
        String scheme = uri.getScheme() == null ? "" : CaseMapping.lower(uri.getScheme());
        switch (scheme) {
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new InvalidInputException(what + " '" + url + "' has no host name: " + EXPECTED);
                }
                if (uri.getUserInfo() != null) {
                    throw new InvalidInputException(what + " '" + uri.getHost() + "...' has a user name or password: "
                            + "the PAC file is fetched anonymously; " + EXPECTED);
                }
            }
            case "file" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new InvalidInputException(what + " '" + url + "' has no path: " + EXPECTED);
                }
            }
            default ->
                throw new InvalidInputException(what + " '" + url + "' "
                        + (scheme.isEmpty() ? "has no scheme" : "has scheme '" + scheme + "'") + ": " + EXPECTED);
        }
    }
}
