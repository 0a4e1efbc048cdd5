package dev.uplink.core.proxyauth;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code uplink proxyauth set} configured: the scheme and its non-secret parts. The Basic
 * password lives apart, in the owner-only secret file ({@link ProxyAuthStore}).
 *
 * @param scheme         which scheme uplink answers with
 * @param user           Basic: the user name
 * @param allowCleartext Basic: also send to a plain-HTTP proxy (the password crosses the network readable)
 * @param keytab         Negotiate: the keytab, or null for the machine's default keytab
 * @param principal      Negotiate: the client principal, or null for the keytab's first
 * @param krb5Conf       Negotiate: the Kerberos configuration, or null for the system's
 */
public record ProxyAuthSettings(
        Scheme scheme, String user, boolean allowCleartext, Path keytab, String principal, Path krb5Conf) {

    public enum Scheme {
        BASIC("Basic"),
        NEGOTIATE("Negotiate");

        private final String headerName;

        Scheme(String headerName) {
            this.headerName = headerName;
        }

        /** As in the header: {@code Basic}, {@code Negotiate}. */
        public String headerName() {
            return headerName;
        }

        public String word() {
            return CaseMapping.lower(name());
        }

        public static Scheme parse(String text) {
            for (Scheme s : values()) {
                if (s.word().equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw new InvalidInputException(
                    "proxy authentication scheme '" + text + "' is not known: expected basic or negotiate");
        }
    }

    /** Negotiate without --keytab: where Kerberos keeps the machine's keys on Linux. */
    public static final Path DEFAULT_KEYTAB = Path.of("/etc/krb5.keytab");

    /** Longest user name accepted (RFC 7617 sets none; proxies' own limits are around 256). */
    public static final int MAX_USER = 256;

    public ProxyAuthSettings {
        Objects.requireNonNull(scheme, "scheme");
        if (scheme == Scheme.BASIC) {
            checkUser(user);
        }
    }

    public static ProxyAuthSettings basic(String user, boolean allowCleartext) {
        return new ProxyAuthSettings(Scheme.BASIC, user, allowCleartext, null, null, null);
    }

    public static ProxyAuthSettings negotiate(Path keytab, String principal, Path krb5Conf) {
        return new ProxyAuthSettings(Scheme.NEGOTIATE, null, false, keytab, principal, krb5Conf);
    }

    /** A Basic user name: no colon (it separates user and password), no control characters, not empty. */
    public static String checkUser(String user) {
        String expected = "expected a user name of 1-" + MAX_USER + " printable characters without ':'";
        if (user == null || user.isEmpty()) {
            throw new InvalidInputException("the proxy user name is empty: " + expected);
        }
        if (user.length() > MAX_USER) {
            throw new InvalidInputException(
                    "the proxy user name is " + user.length() + " characters long: " + expected);
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == ':' || c < 32 || c == 127) {
                throw new InvalidInputException(
                        "the proxy user name contains " + (c == ':' ? "':'" : "a control character") + ": " + expected);
            }
        }
        return user;
    }

    /** One line without secrets: {@code Basic as user 'alice' (HTTPS proxies only)}. */
    public String describe() {
        return switch (scheme) {
            case BASIC ->
                "Basic as user '" + user + "' ("
                        + (allowCleartext
                                ? "HTTPS proxies, and plain-HTTP proxies (--allow-cleartext)"
                                : "HTTPS proxies only")
                        + ")";
            case NEGOTIATE ->
                "Negotiate (Kerberos) with "
                        + (principal == null ? "the keytab's first principal" : "principal '" + principal + "'")
                        + " from " + (keytab == null ? "the default keytab" : "keytab " + keytab)
                        + (krb5Conf == null ? "" : ", Kerberos configuration " + krb5Conf);
        };
    }
}
