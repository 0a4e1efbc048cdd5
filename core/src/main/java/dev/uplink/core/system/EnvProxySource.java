package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import dev.uplink.core.importers.EnvProxyImport;
import dev.uplink.core.importers.EnvProxyImportResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proxy variables ({@code http_proxy}, {@code https_proxy}, {@code no_proxy}, either case) turned
 * into a source with the rules of {@code import proxy source=env}
 * (docs/behaviour.md#import-from-the-environment), so a machine's environment means to uplink what
 * importing it would.
 */
final class EnvProxySource {

    static final List<String> VARIABLES = List.of("http_proxy", "https_proxy", "no_proxy", "all_proxy");

    private EnvProxySource() {}

    /** The proxy variables among {@code env}, in their order; empty when there are none. */
    static Map<String, String> proxyVariables(Map<String, String> env) {
        Map<String, String> found = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (VARIABLES.contains(CaseMapping.lower(k))) {
                found.put(k, v);
            }
        });
        return found;
    }

    /** A source from the variables, or null when none of them names a proxy. */
    static ProxySource from(SourceKind kind, String location, Map<String, String> env, List<String> notes) {
        Map<String, String> vars = proxyVariables(env);
        boolean anyProxy = vars.keySet().stream().anyMatch(k -> !k.equalsIgnoreCase("no_proxy"));
        if (!anyProxy) {
            return null;
        }
        StringBuilder setting = new StringBuilder();
        vars.forEach((k, v) -> setting.append(setting.length() == 0 ? "" : " ")
                .append(k)
                .append('=')
                .append(Redaction.redactValue(v)));
        List<String> allNotes = new ArrayList<>(notes);
        vars.keySet().stream()
                .filter(k -> k.equalsIgnoreCase("all_proxy"))
                .forEach(k -> allNotes.add(k + " is not read (uplink reads http_proxy and https_proxy)"));
        boolean hasHttp = vars.keySet().stream()
                .anyMatch(k -> k.equalsIgnoreCase("http_proxy") || k.equalsIgnoreCase("https_proxy"));
        if (!hasHttp) {
            return new ProxySource(kind, location, setting.toString(), null, null, null, null, allNotes);
        }
        try {
            EnvProxyImportResult r = EnvProxyImport.fromEnvironment(vars);
            allNotes.addAll(r.warnings());
            return new ProxySource(
                    kind,
                    location,
                    setting.toString(),
                    r.proxy() == null ? null : r.proxy().toString(),
                    r.toWinHttpSettings().bypassList(),
                    null,
                    null,
                    allNotes);
        } catch (InvalidInputException e) {
            allNotes.add("not usable: " + e.getMessage());
            return new ProxySource(kind, location, setting.toString(), null, null, null, null, allNotes);
        }
    }
}
