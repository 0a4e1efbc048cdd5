package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.importers.AdvProxySettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captured command output: {@code netsh winhttp show proxy}, {@code netsh winhttp show advproxy}
 * and macOS {@code scutil --proxy} (docs/behaviour.md#exported-settings). Only the English netsh
 * layout is read.
 */
final class CapturedText {

    static final String NETSH_PROXY_TITLE = "Current WinHTTP proxy settings:";
    static final String NETSH_ADVPROXY_TITLE = "Current WinHTTP advanced proxy settings:";
    private static final Pattern NETSH_LINE = Pattern.compile("^\\s*(Proxy Server\\(s\\)|Bypass List)\\s*:\\s*(.*)$");

    private CapturedText() {}

    static ProxySource netshProxy(String text, String file) {
        String proxy = null;
        String bypass = null;
        boolean direct = false;
        for (String line : text.split("\r\n|\n|\r")) {
            Matcher m = NETSH_LINE.matcher(line);
            if (m.matches()) {
                String v = m.group(2).strip();
                if (m.group(1).startsWith("Proxy")) {
                    proxy = v;
                } else {
                    bypass = v.equals("(none)") ? null : v;
                }
            } else if (line.strip().startsWith("Direct access (no proxy server)")) {
                direct = true;
            }
        }
        if (!direct && proxy == null) {
            throw new InvalidInputException(file + ": has the title '" + NETSH_PROXY_TITLE + "' but neither 'Proxy "
                    + "Server(s) :' nor 'Direct access (no proxy server).': expected the English output of "
                    + "'netsh winhttp show proxy'");
        }
        String setting = direct
                ? "Direct access (no proxy server)."
                : "Proxy Server(s) : " + proxy + (bypass == null ? "" : ", Bypass List : " + bypass);
        WinHttpSettings s;
        try {
            s = dev.uplink.core.config.WinHttpValues.settings(direct ? null : proxy, bypass, null, false);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
        return of(SourceKind.WINHTTP, file + " (netsh winhttp show proxy)", ProxyValues.safe(setting), s, List.of());
    }

    static ProxySource netshAdvProxy(String text, String file) {
        int brace = text.indexOf('{');
        if (brace < 0) {
            throw new InvalidInputException(file + ": has the title '" + NETSH_ADVPROXY_TITLE
                    + "' but no JSON object: expected the output of 'netsh winhttp show advproxy'");
        }
        Map<String, Object> shown = parseJsonObject(text.substring(brace), file);
        // The view adds ProxyIsEnabled and AutoConfigIsEnabled to the keys 'set advproxy' takes.
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String k : AdvProxySettings.KEYS) {
            if (shown.containsKey(k)) {
                settings.put(k, shown.get(k));
            }
        }
        if (Boolean.FALSE.equals(shown.get("ProxyIsEnabled"))) {
            settings.put("Proxy", "");
            settings.put("ProxyBypass", "");
        }
        if (Boolean.FALSE.equals(shown.get("AutoConfigIsEnabled"))) {
            settings.put("AutoconfigUrl", "");
        }
        WinHttpSettings s;
        try {
            s = AdvProxySettings.parse(dev.uplink.core.InputFiles.jsonMapper().writeValueAsString(settings), file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(file + ": cannot read the advproxy JSON: " + e.getOriginalMessage());
        }
        return of(
                SourceKind.WINHTTP,
                file + " (netsh winhttp show advproxy)",
                "advproxy " + ProxyValues.safe(settings.toString()),
                s,
                List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseJsonObject(String json, String file) {
        try {
            Object o = dev.uplink.core.InputFiles.jsonMapper().readValue(json, Object.class);
            if (o instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw new InvalidInputException(file + ": the advproxy JSON is damaged: expected the output of "
                + "'netsh winhttp show advproxy' (a title line, then a JSON object)");
    }

    /**
     * {@code scutil --proxy}: {@code <dictionary> { KEY : value ... }} with {@code HTTPEnable},
     * {@code HTTPProxy}, {@code HTTPPort}, the same for HTTPS, {@code ProxyAutoConfigEnable} with
     * {@code ProxyAutoConfigURLString}, {@code ProxyAutoDiscoveryEnable}, {@code ExceptionsList}
     * and {@code ExcludeSimpleHostnames}.
     */
    static ProxySource scutil(String text, String file) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> exceptions = new ArrayList<>();
        String array = null;
        for (String raw : text.split("\r\n|\n|\r")) {
            String line = raw.strip();
            if (line.equals("}")) {
                array = null;
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 3).strip();
            if (value.startsWith("<array>")) {
                array = key;
            } else if (array != null) {
                if (array.equals("ExceptionsList")) {
                    exceptions.add(value);
                }
            } else {
                values.put(key, value);
            }
        }
        List<String> notes = new ArrayList<>();
        var perScheme = ProxyValues.ordered();
        StringBuilder setting = new StringBuilder();
        for (String[] k : new String[][] {{"http", "HTTP"}, {"https", "HTTPS"}}) {
            if ("1".equals(values.get(k[1] + "Enable")) && values.containsKey(k[1] + "Proxy")) {
                String hp = values.get(k[1] + "Proxy") + ":" + values.getOrDefault(k[1] + "Port", "80");
                setting.append(k[1]).append("Proxy=").append(hp).append(' ');
                try {
                    perScheme.put(k[0], ProxyValues.fromUrl(hp, k[1] + "Proxy"));
                } catch (InvalidInputException e) {
                    notes.add("not usable: " + e.getMessage());
                }
            }
        }
        if ("1".equals(values.get("ExcludeSimpleHostnames"))) {
            exceptions.add(0, "<local>");
        }
        String pac = null;
        if ("1".equals(values.get("ProxyAutoConfigEnable"))) {
            String url = values.get("ProxyAutoConfigURLString");
            setting.append("ProxyAutoConfigURLString=")
                    .append(url == null ? "" : ProxyValues.safe(url))
                    .append(' ');
            pac = ProxyValues.pacUrl(url, notes);
        }
        Boolean wpad = "1".equals(values.get("ProxyAutoDiscoveryEnable")) ? Boolean.TRUE : null;
        if (wpad != null) {
            setting.append("ProxyAutoDiscoveryEnable=1 ");
        }
        String proxy;
        try {
            proxy = ProxyValues.combine(perScheme);
        } catch (InvalidInputException e) {
            notes.add("not usable: " + e.getMessage());
            proxy = null;
        }
        String bypass = proxy == null ? null : ProxyValues.bypass(exceptions, notes);
        return new ProxySource(
                SourceKind.MACOS_SYSTEM,
                file + " (scutil --proxy)",
                setting.length() == 0 ? "no proxy enabled" : setting.toString().strip(),
                proxy,
                bypass,
                pac,
                wpad,
                notes);
    }

    private static ProxySource of(
            SourceKind kind, String location, String setting, WinHttpSettings s, List<String> notes) {
        return new ProxySource(
                kind,
                location,
                setting,
                s.proxy() == null ? null : s.proxy().toString(),
                s.bypassList(),
                s.autoconfigUrl(),
                s.autoDetect() ? Boolean.TRUE : null,
                notes);
    }
}
