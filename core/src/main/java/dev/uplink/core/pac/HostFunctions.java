package dev.uplink.core.pac;

import static dev.uplink.core.pac.PacFunction.string;

import dev.uplink.core.Glob;

/** Netscape's host-name builtins; pure functions of their arguments, with browsers' exact semantics. */
final class HostFunctions {

    private HostFunctions() {}

    /** No dot and no colon: IPv6 literals are not plain host names. */
    static Object isPlainHostName(PacCall call, Object[] args) {
        String host = string(args, 0, "isPlainHostName");
        return host.indexOf('.') < 0 && host.indexOf(':') < 0;
    }

    /** Case-sensitive suffix test, as in the browsers' JS library ({@code dnsDomainIs("www.a.com", ".a.com")}). */
    static Object dnsDomainIs(PacCall call, Object[] args) {
        String host = string(args, 0, "dnsDomainIs");
        String domain = string(args, 1, "dnsDomainIs");
        return host.endsWith(domain);
    }

    /** Exact match, or an unqualified host matching the first labels of {@code hostdom}. */
    static Object localHostOrDomainIs(PacCall call, Object[] args) {
        String host = string(args, 0, "localHostOrDomainIs");
        String hostdom = string(args, 1, "localHostOrDomainIs");
        return host.equals(hostdom) || hostdom.startsWith(host + ".");
    }

    static Object dnsDomainLevels(PacCall call, Object[] args) {
        String host = string(args, 0, "dnsDomainLevels");
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }

    static Object shExpMatch(PacCall call, Object[] args) {
        String text = string(args, 0, "shExpMatch");
        String pattern = string(args, 1, "shExpMatch");
        PacGuards.checkValue(text, "shExpMatch");
        PacGuards.checkScan("shExpMatch", text.length(), pattern.length());
        return Glob.matchesShellExpression(pattern, text);
    }

    static Object getClientVersion(PacCall call, Object[] args) {
        return "1.0";
    }
}
