package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Syntax of a catalog endpoint: a host name, optionally with {@code *} wildcards
 * ({@code *.wns.windows.com}, {@code *ecs.office.com}), optionally followed by a path
 * ({@code www.microsoft.com/pkiops/*}). Kept strict because endpoints are copied verbatim into
 * squid.conf, PAC scripts and firewall lists.
 */
public final class EndpointPattern {

    private static final Pattern HOST =
            Pattern.compile("[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?(\\.[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?)*");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");
    private static final int MAX_LENGTH = 2048;

    private EndpointPattern() {}

    /** Returns the endpoint with its host lower-cased, or throws with the reason. */
    public static String validate(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new InvalidInputException("Endpoint is empty: expected a host name such as crl.microsoft.com, "
                    + "*.wns.windows.com or www.microsoft.com/pkiops/*");
        }
        if (s.length() > MAX_LENGTH) {
            throw new InvalidInputException("Endpoint is longer than " + MAX_LENGTH + " characters");
        }
        int slash = s.indexOf('/');
        String host = CaseMapping.lower((slash < 0 ? s : s.substring(0, slash)));
        String path = slash < 0 ? "" : s.substring(slash);
        if (host.length() > 253 || !HOST.matcher(host).matches() || host.contains("**")) {
            throw new InvalidInputException("Endpoint '" + s + "': '" + host + "' is not a host name or wildcard "
                    + "(letters, digits, hyphens, dots and *, e.g. *.wns.windows.com)");
        }
        if (host.replace("*", "").replace(".", "").isEmpty()) {
            throw new InvalidInputException("Endpoint '" + s + "' matches every host: a wildcard needs a domain");
        }
        String overSuffix = PublicSuffixGuard.problem(host);
        if (overSuffix != null) {
            throw new InvalidInputException("Endpoint " + overSuffix);
        }
        if (!path.isEmpty() && !PATH.matcher(path).matches()) {
            throw new InvalidInputException(
                    "Endpoint '" + s + "': path '" + path + "' has characters not allowed in a URL path");
        }
        return host + path;
    }

    public static String host(String endpoint) {
        int slash = endpoint.indexOf('/');
        return slash < 0 ? endpoint : endpoint.substring(0, slash);
    }

    public static String path(String endpoint) {
        int slash = endpoint.indexOf('/');
        return slash < 0 ? "" : endpoint.substring(slash);
    }
}
