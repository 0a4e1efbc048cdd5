package dev.uplink.core.pac;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.route.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the string FindProxyForURL returns ({@code "PROXY a:8080; SOCKS5 b; DIRECT"}) the way
 * browsers do: keywords case-insensitive, {@code SOCKS} means SOCKS4, default ports 80/443/1080,
 * invalid elements dropped with a warning, an empty string means DIRECT. Unlike some browsers,
 * credentials ({@code user:pass@host}) are refused: the sensor never authenticates to proxies.
 */
public final class PacResultParser {

    /** Routes and the reasons elements were dropped. */
    public record Parsed(List<Route> routes, List<String> warnings) {
        public Parsed {
            routes = List.copyOf(routes);
            warnings = List.copyOf(warnings);
        }
    }

    private PacResultParser() {}

    public static Parsed parse(String result) {
        List<Route> routes = new ArrayList<>(2);
        List<String> warnings = new ArrayList<>(0);
        if (result.isBlank()) {
            return new Parsed(List.of(Route.DIRECT), List.of());
        }
        for (String element : result.split(";")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue; // "PROXY a:1;" - a trailing separator is common and harmless
            }
            try {
                Route r = parseElement(e);
                if (!routes.contains(r)) {
                    routes.add(r);
                }
            } catch (InvalidInputException ex) {
                warnings.add("dropped '" + e + "': " + ex.getMessage());
            }
        }
        if (routes.isEmpty()) {
            // Chromium's rule: a result with no usable element means DIRECT (and a script bug).
            warnings.add("no valid element in '" + result + "', using DIRECT");
            routes.add(Route.DIRECT);
        }
        return new Parsed(routes, warnings);
    }

    private static Route parseElement(String element) {
        String[] words = element.split("\\s+");
        String keyword = CaseMapping.upper(words[0]);
        Route.Type type = switch (keyword) {
            case "DIRECT" -> Route.Type.DIRECT;
            case "PROXY" -> Route.Type.PROXY;
            case "HTTPS" -> Route.Type.HTTPS;
            case "SOCKS", "SOCKS4" -> Route.Type.SOCKS4;
            case "SOCKS5" -> Route.Type.SOCKS5;
            default ->
                throw new InvalidInputException(
                        "unknown keyword '" + words[0] + "' (expected DIRECT, PROXY, HTTPS, SOCKS, SOCKS4 or SOCKS5)");
        };
        if (type == Route.Type.DIRECT) {
            if (words.length != 1) {
                throw new InvalidInputException("DIRECT takes no server");
            }
            return Route.DIRECT;
        }
        if (words.length != 2) {
            throw new InvalidInputException(keyword + " needs exactly one host[:port]");
        }
        String server = words[1];
        if (server.indexOf('@') >= 0) {
            throw new InvalidInputException("credentials in a PAC result are not accepted");
        }
        if (server.contains("://")) {
            throw new InvalidInputException("expected host[:port] without a scheme");
        }
        return new Route(type, HostPort.parse(server, type.defaultPort(), "PAC proxy"));
    }
}
