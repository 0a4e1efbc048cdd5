package dev.uplink.core.proxyauth;

import dev.uplink.core.connect.ProxyChallenge;
import java.util.List;

/** The one explanation of why NTLM is not answered (docs/behaviour.md#proxy-authentication). */
final class NtlmNote {

    static final String TEXT = "NTLM is not supported by uplink (it is being removed from Windows and curl): "
            + "enable Negotiate (Kerberos) on the proxy, or allow the service endpoints for unauthenticated access";

    private NtlmNote() {}

    static boolean onlyNtlm(List<ProxyChallenge> offered) {
        return !offered.isEmpty() && offered.stream().allMatch(c -> c.is("NTLM"));
    }

    /** {@code "; NTLM is not supported ..."} when the proxy offers NTLM alone, else "". */
    static String ifOnlyNtlm(List<ProxyChallenge> offered) {
        return onlyNtlm(offered) ? "; the proxy offers only NTLM: " + TEXT : "";
    }
}
