package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import dev.uplink.core.config.WinHttpValues;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the ways sources write proxies ({@code http://user@host:port/}, a host and a port, {@code
 * host:port}) into uplink's netsh form, checked with the same rules as {@code winhttp set proxy}
 * (docs/behaviour.md#proxy-server-value). A value uplink cannot use becomes a note, never an error.
 */
final class ProxyValues {

    private ProxyValues() {}

    /** {@code [scheme://][user:pass@]host[:port][/]} to {@code host:port}; default port 80. */
    static HostPort fromUrl(String url, String what) {
        String rest = url.strip();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String s = CaseMapping.lower(rest.substring(0, scheme));
            if (!s.equals("http")) {
                throw new InvalidInputException(
                        what + " uses scheme '" + s + "://': uplink only uses HTTP proxies here");
            }
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        return HostPort.parse(rest, 80, what);
    }

    /** {@code scheme -> host:port} to the netsh value: one entry when all are equal. */
    static String combine(Map<String, HostPort> perScheme) {
        if (perScheme.isEmpty()) {
            return null;
        }
        if (perScheme.size() > 1 && perScheme.values().stream().distinct().count() == 1) {
            return ProxyServerSpec.parse(perScheme.values().iterator().next().toString())
                    .toString();
        }
        String joined = perScheme.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
        return ProxyServerSpec.parse(joined).toString();
    }

    /**
     * A bypass list in netsh form from entries; an entry uplink cannot read is left out with a note
     * (one macOS-style {@code 169.254/16} should not drop the whole list).
     */
    static String bypass(List<String> entries, List<String> notes) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        List<String> kept = new java.util.ArrayList<>();
        for (String e : entries) {
            String entry = e.strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                kept.add(WinHttpValues.normaliseBypass(entry));
            } catch (InvalidInputException bad) {
                notes.add("bypass entry '" + entry + "' left out: " + bad.getMessage());
            }
        }
        return kept.isEmpty() ? null : WinHttpValues.normaliseBypass(String.join(";", kept));
    }

    static String safe(String value) {
        return Redaction.redactValue(value);
    }

    static Map<String, HostPort> ordered() {
        return new LinkedHashMap<>();
    }

    /** A PAC URL uplink can fetch, or null with a note. */
    static String pacUrl(String url, List<String> notes) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            return WinHttpValues.checkAutoconfigUrl(url);
        } catch (InvalidInputException e) {
            notes.add("PAC URL not usable: " + e.getMessage());
            return null;
        }
    }
}
