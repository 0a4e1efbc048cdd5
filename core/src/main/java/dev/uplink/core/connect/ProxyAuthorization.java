package dev.uplink.core.connect;

import java.util.Objects;

/**
 * A {@code Proxy-Authorization} value for one proxy and what it stands for. The value is a secret
 * (a Basic password, a Kerberos authenticator) and appears in no text; {@code identity} is what a
 * kept connection is keyed by (a Negotiate token differs each time, the principal does not).
 *
 * @param scheme   {@code Basic}, {@code Negotiate}, or as given
 * @param value    the header value, never printed
 * @param identity stable for the same credentials, e.g. {@code Basic alice}; no secret in it
 */
public record ProxyAuthorization(String scheme, String value, String identity) {

    public ProxyAuthorization {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(identity, "identity");
        Headers.checkValue("Proxy-Authorization", value);
    }

    /** A value given as is (tools, tests): its scheme is its first word, its identity itself. */
    public static ProxyAuthorization fixed(String value) {
        Headers.checkValue("Proxy-Authorization", value);
        int sp = value.indexOf(' ');
        return new ProxyAuthorization(sp < 0 ? value : value.substring(0, sp), value, value);
    }

    @Override
    public String toString() {
        return "ProxyAuthorization[" + scheme + "]";
    }
}
