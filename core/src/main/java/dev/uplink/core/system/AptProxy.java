package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * apt's proxy from {@code apt.conf} syntax: {@code Acquire::http::Proxy "http://p:3128/";}, the
 * nested form {@code Acquire { http { Proxy "..."; }; };} and per-host entries
 * ({@code Acquire::http::Proxy::host "DIRECT";}, listed as a note). Comments {@code //}, {@code #}
 * and {@code /* *}{@code /}. {@code "DIRECT"} or {@code "false"} means no proxy.
 */
final class AptProxy {

    private AptProxy() {}

    /** Every {@code a::b::c "value"} assignment of the files, in order. */
    static Map<String, String> assignments(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> scope = new ArrayList<>();
        List<String> tokens = tokens(text);
        String name = null;
        for (String t : tokens) {
            switch (t) {
                case "{" -> {
                    if (name != null) {
                        scope.add(name);
                        name = null;
                    }
                }
                case "}" -> {
                    if (!scope.isEmpty()) {
                        scope.remove(scope.size() - 1);
                    }
                    name = null;
                }
                case ";" -> name = null;
                default -> {
                    if (t.startsWith("\"")) {
                        if (name != null) {
                            String full = scope.isEmpty() ? name : String.join("::", scope) + "::" + name;
                            out.put(CaseMapping.lower(full), t.substring(1));
                        }
                        name = null;
                    } else {
                        name = t;
                    }
                }
            }
        }
        return out;
    }

    static ProxySource parse(Map<String, String> values, String location) {
        List<String> notes = new ArrayList<>();
        Map<String, HostPort> perScheme = ProxyValues.ordered();
        StringBuilder setting = new StringBuilder();
        for (String scheme : List.of("http", "https")) {
            String v = values.get("acquire::" + scheme + "::proxy");
            if (v == null) {
                continue;
            }
            setting.append(setting.length() == 0 ? "" : " ")
                    .append("Acquire::")
                    .append(scheme)
                    .append("::Proxy \"")
                    .append(ProxyValues.safe(v))
                    .append('"');
            if (v.equalsIgnoreCase("DIRECT") || v.equalsIgnoreCase("false") || v.isBlank()) {
                continue;
            }
            try {
                perScheme.put(scheme, ProxyValues.fromUrl(v, "Acquire::" + scheme + "::Proxy"));
            } catch (InvalidInputException e) {
                notes.add("not usable: " + e.getMessage());
            }
        }
        values.keySet().stream()
                .filter(k -> k.matches("acquire::https?::proxy::.+"))
                .forEach(k -> notes.add("per-host setting " + k + " is not read"));
        if (values.containsKey("acquire::http::proxy-auto-detect")) {
            notes.add("Acquire::http::Proxy-Auto-Detect runs a program: not read");
        }
        if (setting.length() == 0 && notes.isEmpty()) {
            return null;
        }
        String proxy;
        try {
            proxy = ProxyValues.combine(perScheme);
        } catch (InvalidInputException e) {
            notes.add("not usable: " + e.getMessage());
            proxy = null;
        }
        return new ProxySource(SourceKind.APT, location, setting.toString(), proxy, null, null, null, notes);
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '{' || c == '}' || c == ';') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                out.add("\"" + text.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "{};\"".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                out.add(text.substring(start, i));
            }
        }
        return out;
    }
}
