package dev.uplink.core.config;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.proxy.ProxyServerSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Validation of the system-wide proxy values, shared by netsh commands, the store and importers. */
public final class WinHttpValues {

    private WinHttpValues() {
    }

    public static WinHttpSettings settings(String proxy, String bypass, String autoconfigUrl, boolean autoDetect) {
        ProxyServerSpec spec = proxy == null || proxy.isBlank() ? null : ProxyServerSpec.parse(proxy);
        return new WinHttpSettings(spec, normaliseBypass(bypass), checkAutoconfigUrl(autoconfigUrl), autoDetect);
    }

    /** Trims entries and drops empty ones; null when nothing is left. */
    public static String normaliseBypass(String bypass) {
        if (bypass == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String entry : bypass.split(";")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new InvalidInputException("bypass-list entry '" + e + "' contains white space: expected entries separated by ';', e.g. *.corp.example;<local>");
            }
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(e);
        }
        return out.length() == 0 ? null : out.toString();
    }

    public static String checkAutoconfigUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String expected = "expected an http://, https:// or file: URL of a PAC file";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("AutoconfigUrl '" + url + "' is not a URL: " + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean network = scheme.equals("http") || scheme.equals("https");
        if (!(network && uri.getHost() != null) && !scheme.equals("file")) {
            throw new InvalidInputException("AutoconfigUrl '" + url + "': " + expected);
        }
        return uri.toString();
    }
}
