package dev.uplink.core.pac;

import static dev.uplink.core.pac.PacFunction.string;

import dev.uplink.core.Glob;
import dev.uplink.core.net.IpLiteral;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** Netscape's host-name builtins; pure functions of their arguments, with browsers' exact semantics. */
final class HostFunctions {

    private HostFunctions() {}

    /**
     * No dot, and not an IP literal as Chromium reads one (docs/behaviour.md#pac-builtins):
     * {@code ::1} is not plain, but {@code foopy::1}, {@code foo:112}, {@code :} and the bracketed
     * {@code [::1]} are; a dot-less IPv4 form such as {@code 2130706433} is an address too.
     */
    static Object isPlainHostName(PacCall call, Object[] args) {
        String host = string(args, 0, "isPlainHostName");
        return host.indexOf('.') < 0 && !isIpLiteral(host);
    }

    /** An IPv6 literal without brackets, or an IPv4 address in any of the forms URL hosts accept. */
    static boolean isIpLiteral(String text) {
        if (text.indexOf(':') >= 0) {
            return IpLiteral.parseIpv6(text) != null;
        }
        return !text.isEmpty()
                && text.chars().allMatch(HostFunctions::ipv4Char)
                && IpLiteral.inetAtonIpv4(text) != null;
    }

    private static boolean ipv4Char(int c) {
        return (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == 'x'
                || c == 'X'
                || c == '.';
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

    /**
     * As in browsers, the pattern becomes a regular expression in which only {@code .} is
     * escaped, {@code *} is {@code .*} and {@code ?} is {@code .}: every other regular-expression
     * character keeps its meaning, so {@code (a|b)} alternates and an unbalanced {@code (} is a
     * SyntaxError. A pattern without such characters is matched by {@link Glob} instead (the same
     * answer, without building a regular expression or backtracking), unless the text holds a
     * line terminator, which {@code .} does not match.
     */
    static Object shExpMatch(PacCall call, Object[] args) {
        String text = string(args, 0, "shExpMatch");
        String pattern = string(args, 1, "shExpMatch");
        PacGuards.checkValue(text, "shExpMatch");
        PacGuards.checkScan("shExpMatch", text.length(), pattern.length());
        if (!hasRegExpSyntax(pattern) && !hasLineTerminator(text)) {
            return Glob.matchesShellExpression(pattern, text);
        }
        String source = "^" + pattern.replace(".", "\\.").replace("*", ".*").replace("?", ".") + "$";
        Context cx = Context.getCurrentContext();
        Scriptable scope = call.builtinScope();
        Scriptable regExp = cx.newObject(scope, "RegExp", new Object[] {source});
        Object test = ScriptableObject.getProperty(regExp, "test");
        return ((Function) test).call(cx, scope, regExp, new Object[] {text});
    }

    /** The characters that make a pattern a regular expression rather than a glob, by code (ASCII only). */
    private static final boolean[] REGEXP_SYNTAX = new boolean[128];

    static {
        for (char c : "\\^$+()[]{}|".toCharArray()) {
            REGEXP_SYNTAX[c] = true;
        }
    }

    // Both checks run on every shExpMatch call (most of a list run's time in a typical PAC): a table
    // lookup and range tests instead of a search per character.
    private static boolean hasRegExpSyntax(String pattern) {
        for (int i = 0, n = pattern.length(); i < n; i++) {
            char c = pattern.charAt(i);
            if (c < 128 && REGEXP_SYNTAX[c]) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLineTerminator(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c <= '\r' ? c == '\n' || c == '\r' : c >= '\u2028' && c <= '\u2029') {
                return true;
            }
        }
        return false;
    }

    static Object getClientVersion(PacCall call, Object[] args) {
        return "1.0";
    }
}
