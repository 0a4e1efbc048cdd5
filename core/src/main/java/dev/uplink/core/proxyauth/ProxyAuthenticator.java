package dev.uplink.core.proxyauth;

import dev.uplink.core.connect.ProxyAuthorization;
import dev.uplink.core.connect.ProxyChallenge;
import dev.uplink.core.route.Route;
import java.util.List;

/**
 * What uplink answers when a proxy demands authentication (407), asked by the routed call. An
 * answer is to send credentials, to decline (uplink does not authenticate here, and says why:
 * {@code proxy-auth-required}) or to fail (uplink would authenticate but cannot:
 * {@code proxy-auth-failed}). Implementations never put a secret into a reason.
 */
public interface ProxyAuthenticator {

    sealed interface Answer permits Send, Decline, Fail {}

    /**
     * Send {@code authorization}; if the proxy answers 407 again, the attempt fails with
     * {@code rejected} as the reason.
     */
    record Send(ProxyAuthorization authorization, String rejected) implements Answer {}

    /** No credentials go to this proxy; {@code why} completes the {@code proxy-auth-required} detail. */
    record Decline(String why) implements Answer {}

    /** Credentials are configured but cannot be used here; {@code why} is the {@code proxy-auth-failed} reason. */
    record Fail(String why) implements Answer {}

    /** The answer to a 407 from {@code route}'s proxy offering {@code offered}. */
    Answer answer(Route route, List<ProxyChallenge> offered);

    /**
     * Credentials sent before any challenge to a proxy that accepted {@code scheme} earlier (so a
     * kept or new connection does not cost a 407 round trip each time), or null when not allowed
     * now (the policy may have changed).
     */
    ProxyAuthorization preemptive(Route route, String scheme);

    /** One line without secrets, for {@code resolve --explain} and {@code proxyauth show}. */
    String describe();

    /** Never authenticates: {@code why} says why (no credentials configured, the policy). */
    static ProxyAuthenticator declining(String why) {
        return new ProxyAuthenticator() {
            @Override
            public Answer answer(Route route, List<ProxyChallenge> offered) {
                return new Decline(why + NtlmNote.ifOnlyNtlm(offered));
            }

            @Override
            public ProxyAuthorization preemptive(Route route, String scheme) {
                return null;
            }

            @Override
            public String describe() {
                return why;
            }
        };
    }

    /** For callers without settings (tools, tests): no credentials configured. */
    ProxyAuthenticator NONE = declining(ProxyAuthPolicy.NOT_CONFIGURED);
}
