package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The desktop's proxy settings: NetworkManager connection profiles, GNOME's system defaults (dconf
 * keyfiles) and KDE's ({@code kioslaverc}). All of them reach users' sessions, none a system
 * service (docs/behaviour.md#machine-proxy-sources).
 */
final class DesktopProxy {

    private DesktopProxy() {}

    /**
     * A NetworkManager keyfile's {@code [proxy]} group: {@code method=1} (auto: {@code pac-url} or
     * {@code pac-script}, else WPAD) or {@code 0} (none). Null when the profile has no such group.
     */
    static ProxySource networkManager(KeyFile f, String location) {
        if (!f.has("proxy")) {
            return null;
        }
        Map<String, String> g = f.group("proxy");
        List<String> notes = new ArrayList<>();
        String id = f.group("connection").get("id");
        if (id != null) {
            notes.add("connection '" + id + "'");
        }
        String method = g.getOrDefault("method", "0");
        StringBuilder setting = new StringBuilder("method=" + method);
        boolean auto = method.equals("1") || method.equalsIgnoreCase("auto");
        String pac = g.get("pac-url");
        String script = g.get("pac-script");
        if (pac != null) {
            setting.append(" pac-url=").append(ProxyValues.safe(pac));
        }
        if (script != null) {
            setting.append(" pac-script=(").append(script.length()).append(" characters)");
            notes.add("the PAC script is inline in the profile: uplink does not run it from there");
        }
        if (!auto) {
            return new ProxySource(
                    SourceKind.NETWORK_MANAGER, location, setting.toString(), null, null, null, null, notes);
        }
        String pacUrl = ProxyValues.pacUrl(pac, notes);
        Boolean wpad = pac == null && script == null ? Boolean.TRUE : null;
        return new ProxySource(
                SourceKind.NETWORK_MANAGER, location, setting.toString(), null, null, pacUrl, wpad, notes);
    }

    /** A dconf keyfile's {@code org/gnome/system/proxy} groups; null when it has none. */
    static ProxySource gnome(KeyFile f, String location) {
        String base = "org/gnome/system/proxy";
        if (!f.has(base) && !f.has(base + "/http") && !f.has(base + "/https")) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        String mode = GVariantText.string(f.group(base).get("mode"));
        StringBuilder setting = new StringBuilder("mode=" + (mode == null ? "(not set: 'none')" : "'" + mode + "'"));
        if ("auto".equals(mode)) {
            String url = GVariantText.string(f.group(base).get("autoconfig-url"));
            setting.append(" autoconfig-url='")
                    .append(url == null ? "" : ProxyValues.safe(url))
                    .append('\'');
            String pac = ProxyValues.pacUrl(url, notes);
            return new ProxySource(
                    SourceKind.GNOME,
                    location,
                    setting.toString(),
                    null,
                    null,
                    pac,
                    url == null || url.isBlank() ? Boolean.TRUE : null,
                    notes);
        }
        if (!"manual".equals(mode)) {
            return new ProxySource(SourceKind.GNOME, location, setting.toString(), null, null, null, null, notes);
        }
        var perScheme = ProxyValues.ordered();
        for (String scheme : List.of("http", "https")) {
            Map<String, String> g = f.group(base + "/" + scheme);
            String host = GVariantText.string(g.get("host"));
            Integer port = GVariantText.integer(g.getOrDefault("port", "0"));
            if (host == null || host.isBlank()) {
                continue;
            }
            setting.append(' ')
                    .append(scheme)
                    .append("='")
                    .append(host)
                    .append("':")
                    .append(port);
            try {
                perScheme.put(scheme, HostPort.parse(host + ":" + (port == null || port == 0 ? 8080 : port), scheme));
                if (port == null || port == 0) {
                    notes.add(scheme + " port not set: GNOME uses 8080");
                }
            } catch (InvalidInputException e) {
                notes.add("not usable: " + e.getMessage());
            }
        }
        String bypass = ProxyValues.bypass(GVariantText.strings(f.group(base).get("ignore-hosts")), notes);
        return new ProxySource(
                SourceKind.GNOME, location, setting.toString(), combine(perScheme, notes), bypass, null, null, notes);
    }

    /**
     * KDE's {@code [Proxy Settings]}: {@code ProxyType} 0 none, 1 manual ({@code httpProxy}, {@code
     * httpsProxy} as {@code http://host:port} or {@code http://host port}), 2 PAC ({@code Proxy
     * Config Script}), 3 WPAD, 4 the environment's variables (named in {@code httpProxy}).
     */
    static ProxySource kde(KeyFile f, String location) {
        if (!f.has("Proxy Settings")) {
            return null;
        }
        Map<String, String> g = f.group("Proxy Settings");
        List<String> notes = new ArrayList<>();
        String type = g.getOrDefault("ProxyType", "0");
        StringBuilder setting = new StringBuilder("ProxyType=" + type);
        switch (type) {
            case "1" -> {
                var perScheme = ProxyValues.ordered();
                for (String[] k : new String[][] {{"http", "httpProxy"}, {"https", "httpsProxy"}}) {
                    String v = g.get(k[1]);
                    if (v == null || v.isBlank()) {
                        continue;
                    }
                    setting.append(' ').append(k[1]).append('=').append(ProxyValues.safe(v));
                    String hostPort = v.strip().replaceFirst("^([^ ]+) (\\d+)$", "$1:$2");
                    try {
                        perScheme.put(k[0], ProxyValues.fromUrl(hostPort, k[1]));
                    } catch (InvalidInputException e) {
                        notes.add("not usable: " + e.getMessage());
                    }
                }
                String noProxy = g.get("NoProxyFor");
                if ("true".equalsIgnoreCase(g.get("ReversedException"))) {
                    notes.add("ReversedException=true (proxy only for the listed hosts) is not read");
                }
                String bypass = noProxy == null ? null : ProxyValues.bypass(Arrays.asList(noProxy.split(",")), notes);
                return new ProxySource(
                        SourceKind.KDE,
                        location,
                        setting.toString(),
                        combine(perScheme, notes),
                        bypass,
                        null,
                        null,
                        notes);
            }
            case "2" -> {
                String url = g.get("Proxy Config Script");
                setting.append(" Proxy Config Script=").append(url == null ? "" : ProxyValues.safe(url));
                return new ProxySource(
                        SourceKind.KDE,
                        location,
                        setting.toString(),
                        null,
                        null,
                        ProxyValues.pacUrl(url, notes),
                        null,
                        notes);
            }
            case "3" -> {
                return new ProxySource(
                        SourceKind.KDE, location, setting.toString(), null, null, null, Boolean.TRUE, notes);
            }
            case "4" -> {
                notes.add(
                        "ProxyType=4 takes the proxy from the user's environment variables: see the environment sources");
                return new ProxySource(SourceKind.KDE, location, setting.toString(), null, null, null, null, notes);
            }
            default -> {
                return new ProxySource(SourceKind.KDE, location, setting.toString(), null, null, null, null, notes);
            }
        }
    }

    private static String combine(Map<String, HostPort> perScheme, List<String> notes) {
        try {
            return ProxyValues.combine(perScheme);
        } catch (InvalidInputException e) {
            notes.add("not usable: " + e.getMessage());
            return null;
        }
    }
}
