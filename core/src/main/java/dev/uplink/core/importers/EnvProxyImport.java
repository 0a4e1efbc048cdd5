package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code netsh winhttp import proxy source=env}: the system-wide proxy from the environment
 * variables {@code http_proxy}, {@code https_proxy} and {@code no_proxy}, each in lower or upper
 * case. When both cases are set the lower-case one wins, as in curl.
 *
 * <p>Equal http and https proxies give a single {@code host:port}; different ones give
 * {@code http=h:p;https=h:p}; only one of them gives that scheme's entry alone. The result is
 * validated through {@link ProxyServerSpec#parse}.
 */
public final class EnvProxyImport {

    private EnvProxyImport() {}

    public static EnvProxyImportResult fromEnvironment(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        String httpVar = variable(env, "http_proxy", warnings);
        String httpsVar = variable(env, "https_proxy", warnings);
        String noProxyVar = variable(env, "no_proxy", warnings);
        HostPort http = httpVar == null ? null : EnvProxyUrl.parse(env.get(httpVar), httpVar, warnings);
        HostPort https = httpsVar == null ? null : EnvProxyUrl.parse(env.get(httpsVar), httpsVar, warnings);
        if (http == null && https == null) {
            throw new InvalidInputException("the environment sets neither http_proxy nor https_proxy (in either case): "
                    + "nothing to import; expected e.g. http_proxy=http://proxy.example.com:3128/"
                    + (env.containsKey("all_proxy") || env.containsKey("ALL_PROXY")
                            ? " (all_proxy is not imported)"
                            : ""));
        }
        NoProxyList bypass = noProxyVar == null ? NoProxyList.NONE : NoProxyList.parse(env.get(noProxyVar), noProxyVar);
        if (bypass.bypassesEverything()) {
            warnings.add(
                    noProxyVar + "=* bypasses the proxy for every host: importing direct access (no proxy server)");
            return new EnvProxyImportResult(null, null, warnings);
        }
        String server;
        if (http != null && https != null) {
            server = http.equals(https) ? http.toString() : "http=" + http + ";https=" + https;
        } else {
            server = http != null ? "http=" + http : "https=" + https;
        }
        return new EnvProxyImportResult(ProxyServerSpec.parse(server), bypass.toBypassList(), warnings);
    }

    /** The name of the variable to use for {@code lowerName}, or null when neither case is set (or it is empty). */
    private static String variable(Map<String, String> env, String lowerName, List<String> warnings) {
        String upperName = CaseMapping.upper(lowerName);
        String lower = env.get(lowerName);
        String upper = env.get(upperName);
        boolean hasLower = lower != null && !lower.isBlank();
        boolean hasUpper = upper != null && !upper.isBlank();
        if (hasLower && hasUpper && !lower.strip().equals(upper.strip())) {
            warnings.add(
                    lowerName + " and " + upperName + " differ: using " + lowerName + " (lower case wins, as in curl)");
        }
        return hasLower ? lowerName : hasUpper ? upperName : null;
    }
}
