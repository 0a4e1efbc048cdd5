package dev.uplink.core.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The netsh {@code proxy-server=} value: either one {@code host[:port]} for every scheme, or
 * per-scheme entries {@code http=h[:p];https=h[:p];ftp=h[:p];socks=h[:p]}. A server without a
 * port is on port 80, as in WinHTTP; {@code ftp=} is accepted and shown back but serves no
 * traffic of the sensor's (docs/behaviour.md#proxy-server-value). Keeps each server as given
 * (a missing port stays missing) so that {@code show proxy} prints it back the way netsh does.
 */
public final class ProxyServerSpec {

    private static final String EXPECTED =
            "expected host[:port] or http=host[:port];https=host[:port];ftp=host[:port];socks=host[:port]";
    private static final java.util.Set<String> SCHEMES = java.util.Set.of("http", "https", "ftp", "socks");
    /** WinHTTP's port for a proxy server given without one. */
    static final int DEFAULT_PORT = 80;
    /** socks= without a port: SOCKS's own 1080, as browsers read it (WinHTTP itself speaks no SOCKS). */
    static final int SOCKS_DEFAULT_PORT = 1080;

    private final String text;
    private final HostPort allSchemes;
    private final Map<String, HostPort> perScheme;

    private ProxyServerSpec(String text, HostPort allSchemes, Map<String, HostPort> perScheme) {
        this.text = text;
        this.allSchemes = allSchemes;
        this.perScheme = Map.copyOf(perScheme);
    }

    public static ProxyServerSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("proxy-server is empty: " + EXPECTED);
        }
        String s = text.trim();
        if (!s.contains("=")) {
            HostPort hp = server(s, DEFAULT_PORT, "proxy-server");
            return new ProxyServerSpec(shown(s, hp), hp, Map.of());
        }
        Map<String, HostPort> map = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder();
        for (String part : s.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("proxy-server entry '" + p + "' has no scheme: " + EXPECTED);
            }
            String scheme = CaseMapping.lower(p.substring(0, eq).trim());
            if (!SCHEMES.contains(scheme)) {
                throw new InvalidInputException(
                        "proxy-server scheme '" + scheme + "' is not http, https, ftp or socks: " + EXPECTED);
            }
            if (map.containsKey(scheme)) {
                throw new InvalidInputException("proxy-server names scheme '" + scheme + "' twice: " + EXPECTED);
            }
            String value = p.substring(eq + 1).trim();
            HostPort hp = server(
                    value, scheme.equals("socks") ? SOCKS_DEFAULT_PORT : DEFAULT_PORT, "proxy-server " + scheme + "=");
            map.put(scheme, hp);
            if (canonical.length() > 0) {
                canonical.append(';');
            }
            canonical.append(scheme).append('=').append(shown(value, hp));
        }
        if (map.isEmpty()) {
            throw new InvalidInputException("proxy-server '" + text + "' names no proxy: " + EXPECTED);
        }
        return new ProxyServerSpec(canonical.toString(), null, map);
    }

    /** {@code host[:port]} with the scheme's default port. */
    private static HostPort server(String text, int defaultPort, String what) {
        if (text.contains("://")) {
            return HostPort.parse(text, what); // refuses it, saying that proxy servers take no scheme
        }
        return HostPort.parse(text, defaultPort, what);
    }

    /** The server as netsh shows it back: normalised, and without a port when none was given. */
    private static String shown(String text, HostPort hp) {
        boolean hadPort = text.startsWith("[") ? text.contains("]:") : text.indexOf(':') >= 0;
        if (hadPort) {
            return hp.toString();
        }
        return hp.isIpv6Literal() ? "[" + hp.host() + "]" : hp.host();
    }

    /**
     * The proxy for a URL scheme. WinHTTP semantics: a single server serves every scheme; with
     * per-scheme entries, {@code http}/{@code https} take their own and anything else gets none.
     * The {@code socks} entry serves every scheme that has no entry of its own.
     */
    public ProxyForScheme forScheme(String urlScheme) {
        if (allSchemes != null) {
            return new ProxyForScheme(allSchemes, false);
        }
        String s = CaseMapping.lower(urlScheme);
        String key = s.equals("wss") ? "https" : s.equals("ws") ? "http" : s;
        HostPort hp = perScheme.get(key);
        if (hp != null) {
            return new ProxyForScheme(hp, false);
        }
        HostPort socks = perScheme.get("socks");
        return socks == null ? null : new ProxyForScheme(socks, true);
    }

    public Map<String, HostPort> perScheme() {
        return perScheme;
    }

    public HostPort allSchemes() {
        return allSchemes;
    }

    /** The canonical text, as {@code show proxy} prints it. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyServerSpec other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** A proxy chosen for a scheme; {@code socks} tells a SOCKS proxy from an HTTP one. */
    public record ProxyForScheme(HostPort proxy, boolean socks) {}
}
