package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import dev.uplink.core.net.HostPort;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One proxy variable's value: {@code [http://][user:pass@]host[:port][/]}. Credentials are dropped
 * with a warning (the sensor connects anonymously, docs/behaviour.md#proxy-authentication) and never repeated in a message.
 */
final class EnvProxyUrl {

    static final int DEFAULT_PORT = 80;
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    private static final String EXPECTED = "expected [http://]host:port, e.g. http://proxy.example.com:3128/";

    private EnvProxyUrl() {}

    static HostPort parse(String value, String variable, List<String> warnings) {
        String rest = value.strip();
        Matcher m = SCHEME.matcher(rest);
        if (m.matches()) {
            String scheme = CaseMapping.lower(m.group(1));
            if (!scheme.equals("http")) {
                throw new InvalidInputException(variable + " uses scheme '" + scheme
                        + "://': netsh proxy-server only holds " + "HTTP proxies here; " + EXPECTED);
            }
            rest = m.group(2);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
            warnings.add(
                    variable + ": the user name and password in the URL were removed: the sensor connects "
                            + "anonymously (set DisableEnterpriseAuthProxy=1 and allow the service URLs without authentication)");
        }
        if (slash >= 0 && slash != rest.length() - 1) {
            throw new InvalidInputException(variable + " '" + redact(value) + "' has a path: " + EXPECTED);
        }
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        try {
            HostPort hp = HostPort.parse(authority, DEFAULT_PORT, variable);
            if (!hasPort) {
                warnings.add(variable + ": no port given, using " + DEFAULT_PORT + " (curl would assume 1080)");
            }
            return hp;
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + " (" + EXPECTED + ")", e);
        }
    }

    /** The value with any {@code user:pass@} replaced, safe to print. */
    static String redact(String value) {
        return Redaction.redactValue(value);
    }
}
