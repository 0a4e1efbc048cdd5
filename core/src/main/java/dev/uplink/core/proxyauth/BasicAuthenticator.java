package dev.uplink.core.proxyauth;

import dev.uplink.core.connect.ProxyAuthorization;
import dev.uplink.core.connect.ProxyChallenge;
import dev.uplink.core.route.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Basic (RFC 7617): user and password in every request, readable by anyone on the path unless the
 * connection to the proxy is TLS. So it goes to an {@code HTTPS host:port} proxy always and to a
 * plain-HTTP proxy only when the administrator allowed cleartext.
 */
final class BasicAuthenticator implements ProxyAuthenticator {

    private final String user;
    private final ProxyAuthorization authorization;
    private final boolean allowCleartext;

    BasicAuthenticator(String user, byte[] password, boolean allowCleartext) {
        this.user = ProxyAuthSettings.checkUser(user);
        this.allowCleartext = allowCleartext;
        byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
        ByteBuffer both = ByteBuffer.allocate(u.length + password.length).put(u).put(password);
        byte[] raw = both.array();
        this.authorization =
                new ProxyAuthorization("Basic", "Basic " + Base64.getEncoder().encodeToString(raw), "Basic " + user);
        Arrays.fill(raw, (byte) 0);
    }

    @Override
    public Answer answer(Route route, List<ProxyChallenge> offered) {
        if (offered.stream().noneMatch(c -> c.is("Basic"))) {
            return new Fail("scheme not offered: Basic credentials are configured, the proxy offers "
                    + ProxyChallenge.describe(offered)
                    + (NtlmNote.onlyNtlm(offered) ? "; " + NtlmNote.TEXT : ""));
        }
        if (!tls(route) && !allowCleartext) {
            return new Decline("Basic credentials are configured but not sent to the plain-HTTP proxy "
                    + route.proxy()
                    + ": the password would cross the network readable (use an HTTPS proxy route, or allow it with "
                    + "'uplink proxyauth set basic ... --allow-cleartext')");
        }
        return new Send(
                authorization,
                "credentials rejected: the proxy answered 407 again to Basic for user '" + user
                        + "' (wrong user name or password, or the user is not allowed)");
    }

    @Override
    public ProxyAuthorization preemptive(Route route, String scheme) {
        return scheme.equals("Basic") && (tls(route) || allowCleartext) ? authorization : null;
    }

    @Override
    public String describe() {
        return ProxyAuthSettings.basic(user, allowCleartext).describe();
    }

    private static boolean tls(Route route) {
        return route.type() == Route.Type.HTTPS;
    }
}
