package dev.uplink.core.proxyauth;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.connect.ProxyAuthorization;
import dev.uplink.core.connect.ProxyChallenge;
import dev.uplink.core.net.IpLiteral;
import dev.uplink.core.route.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * Negotiate (RFC 4559) with Kerberos through the JDK's GSS-API: the client's credentials come from
 * a keytab through a login configuration built here (never a prompt, never a ticket cache), the
 * service is {@code HTTP@<proxy host>} as configured, and each token is a fresh SPNEGO token
 * (a Kerberos AP-REQ) for one request. The ticket-granting ticket is obtained again from the
 * keytab when it has expired or will within a minute: that is how a service renews.
 *
 * <p>Kerberos reports its failures as numbered error codes (RFC 4120 §7.5.9); the JDK puts the
 * number in parentheses at the end of its exception message and gives no API for it, so the code is
 * taken from there — the number, not the wording (docs/behaviour.md#proxy-authentication).
 */
final class NegotiateAuthenticator implements ProxyAuthenticator {

    static final Path DEFAULT_KEYTAB = ProxyAuthSettings.DEFAULT_KEYTAB;

    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    /** {@code Server not found in Kerberos database (7) - LOOKING_UP_SERVER}: the number is the error code. */
    private static final Pattern KERBEROS_CODE = Pattern.compile("\\((\\d{1,3})\\)(?: - [A-Z_ ]+)?");
    /** The JDK's class for a reply that did not decrypt with the keytab's key. */
    private static final String CRYPTO_FAILURE = "sun.security.krb5.KrbCryptoException";

    private static final long RENEW_BEFORE_MILLIS = 60_000;
    /** Serialises logins: the JDK's Kerberos configuration is one per process. */
    private static final Object LOGIN_LOCK = new Object();

    private final Path keytab;
    private final String principal;
    private final Path krb5Conf;
    private Subject subject;
    private KerberosTicket tgt;

    NegotiateAuthenticator(ProxyAuthSettings settings) {
        this.keytab = settings.keytab() == null ? DEFAULT_KEYTAB : settings.keytab();
        this.krb5Conf = settings.krb5Conf();
        this.principal = settings.principal();
    }

    @Override
    public Answer answer(Route route, List<ProxyChallenge> offered) {
        if (offered.stream().noneMatch(c -> c.is("Negotiate"))) {
            return new Fail("scheme not offered: Negotiate (Kerberos) is configured, the proxy offers "
                    + ProxyChallenge.describe(offered)
                    + (NtlmNote.onlyNtlm(offered) ? "; " + NtlmNote.TEXT : ""));
        }
        String host = route.proxy().host();
        if (isAddress(host)) {
            return new Fail("unknown service principal: the proxy is configured by its address " + host
                    + ", and Kerberos needs its host name (service principal HTTP@<proxy host>): configure the proxy by"
                    + " the name its principal is registered under");
        }
        try {
            return new Send(
                    token(host),
                    "credentials rejected: the proxy did not accept the Kerberos ticket for HTTP@" + host
                            + " (its keytab does not match the KDC's key for HTTP/" + host
                            + ", or its clock is skewed)");
        } catch (KerberosFailure f) {
            return new Fail(f.getMessage());
        }
    }

    @Override
    public ProxyAuthorization preemptive(Route route, String scheme) {
        if (!scheme.equals("Negotiate") || isAddress(route.proxy().host())) {
            return null;
        }
        try {
            return token(route.proxy().host());
        } catch (KerberosFailure f) {
            return null; // the proxy's 407 then gets the full answer, with the reason
        }
    }

    @Override
    public String describe() {
        return ProxyAuthSettings.negotiate(keytab, principal, krb5Conf).describe();
    }

    /** A fresh SPNEGO token for HTTP@host. */
    private ProxyAuthorization token(String host) throws KerberosFailure {
        Subject s = loggedIn();
        String service = "HTTP@" + CaseMapping.lower(host);
        try {
            byte[] token = Subject.doAs(s, (PrivilegedExceptionAction<byte[]>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSName server = manager.createName(service, GSSName.NT_HOSTBASED_SERVICE);
                GSSContext ctx = manager.createContext(server, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
                try {
                    ctx.requestMutualAuth(false);
                    ctx.requestCredDeleg(false);
                    return ctx.initSecContext(new byte[0], 0, 0);
                } finally {
                    ctx.dispose();
                }
            });
            return new ProxyAuthorization(
                    "Negotiate",
                    "Negotiate " + Base64.getEncoder().encodeToString(token),
                    "Negotiate " + principalName());
        } catch (PrivilegedActionException e) {
            throw serviceTicketFailure(service, e.getException());
        }
    }

    /** The subject holding a current ticket-granting ticket, logging in (again) from the keytab when needed. */
    private synchronized Subject loggedIn() throws KerberosFailure {
        long now = System.currentTimeMillis();
        if (subject != null && tgt != null && tgt.getEndTime().getTime() - now > RENEW_BEFORE_MILLIS) {
            return subject;
        }
        Instant expired = tgt == null ? null : tgt.getEndTime().toInstant();
        try {
            subject = login();
            tgt = ticketGrantingTicket(subject);
            return subject;
        } catch (KerberosFailure f) {
            subject = null;
            tgt = null;
            throw expired == null
                    ? f
                    : new KerberosFailure("ticket expired: the Kerberos ticket of " + principalName() + " ended at "
                            + expired + " and no new one could be obtained (" + f.getMessage() + ")");
        }
    }

    private Subject login() throws KerberosFailure {
        checkKeytab();
        Map<String, String> options = new HashMap<>();
        options.put("useKeyTab", "true");
        options.put("keyTab", keytab.toString());
        options.put("principal", principalName());
        options.put("storeKey", "false");
        options.put("doNotPrompt", "true");
        options.put("useTicketCache", "false");
        options.put("isInitiator", "true");
        options.put("refreshKrb5Config", "true");
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                            options)
                };
            }
        };
        synchronized (LOGIN_LOCK) {
            if (krb5Conf != null) {
                // The JDK reads one Kerberos configuration per process, named by this property.
                System.setProperty("java.security.krb5.conf", krb5Conf.toString());
            }
            try {
                LoginContext lc = new LoginContext(
                        "uplink-proxy",
                        new Subject(),
                        callbacks -> {
                            throw new UnsupportedCallbackException(callbacks[0], "uplink never prompts");
                        },
                        config);
                lc.login();
                return lc.getSubject();
            } catch (LoginException e) {
                throw loginFailure(e);
            }
        }
    }

    private void checkKeytab() throws KerberosFailure {
        if (!Files.isRegularFile(keytab)) {
            throw new KerberosFailure(
                    "no Kerberos ticket obtainable: the keytab " + keytab + " does not exist or is not a file");
        }
        try {
            PrivateFiles.requireOwnerOnly(keytab, "the keytab " + keytab);
        } catch (InvalidInputException | IOException e) {
            throw new KerberosFailure("no Kerberos ticket obtainable: " + e.getMessage());
        }
    }

    private String principalName() {
        return principal != null ? principal : KeytabPrincipal.first(keytab);
    }

    private static KerberosTicket ticketGrantingTicket(Subject s) throws KerberosFailure {
        for (KerberosTicket t : s.getPrivateCredentials(KerberosTicket.class)) {
            if (t.getServer().getName().startsWith("krbtgt/")) {
                return t;
            }
        }
        throw new KerberosFailure("no Kerberos ticket obtainable: the login gave no ticket-granting ticket");
    }

    private KerberosFailure loginFailure(LoginException e) {
        Integer code = kerberosCode(e);
        String who = principalName() + " (keytab " + keytab + ")";
        String why = code != null
                ? explain(code, who)
                : decryptionFailed(e)
                        ? "the KDC's reply did not decrypt with the keytab's key (the keytab is wrong or outdated)"
                        : rootMessage(e);
        if (code != null && code == 37) {
            return new KerberosFailure(why);
        }
        return new KerberosFailure("no Kerberos ticket obtainable for " + who + ": " + why);
    }

    private static KerberosFailure serviceTicketFailure(String service, Exception e) {
        Integer code = kerberosCode(e);
        if (code != null && code == 7) {
            return new KerberosFailure(
                    "unknown service principal: the KDC does not know " + service.replace('@', '/')
                            + " (register the proxy's service principal HTTP/<proxy host>, and configure the proxy by that host name)");
        }
        if (code != null && code == 37) {
            return new KerberosFailure(explain(37, null));
        }
        String major =
                e instanceof GSSException g ? g.getMajorString() : e.getClass().getSimpleName();
        return new KerberosFailure("no Kerberos ticket obtainable for " + service + ": "
                + (code == null ? major + ": " + rootMessage(e) : explain(code, service)));
    }

    /** What a Kerberos error code (RFC 4120 §7.5.9) means for someone fixing it. */
    private static String explain(int code, String who) {
        return switch (code) {
            case 37 ->
                "clock skew: this machine's clock and the KDC's differ by more than the allowed skew"
                        + " (KRB_AP_ERR_SKEW, 5 minutes by default): synchronise the clock (NTP)";
            case 24, 31 ->
                "the KDC rejected the key of " + who
                        + " (preauthentication failed: the keytab is wrong or outdated, error " + code + ")";
            case 6 -> "the KDC does not know the client principal " + who + " (error 6)";
            case 1, 18 -> "the client principal " + who + " is expired or disabled at the KDC (error " + code + ")";
            case 12 -> "the KDC's policy refuses tickets to " + who + " (error 12)";
            default -> "Kerberos error " + code;
        };
    }

    /**
     * The Kerberos error code (RFC 4120: below 100) the JDK put in parentheses into a message of
     * the cause chain, outermost first; the JDK's own ASN.1 codes (900 and up) are not Kerberos's.
     */
    private static Integer kerberosCode(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                Matcher matcher = KERBEROS_CODE.matcher(m);
                while (matcher.find()) {
                    int code = Integer.parseInt(matcher.group(1));
                    if (code < 100) {
                        return code;
                    }
                }
            }
        }
        return null;
    }

    /** A reply that did not decrypt with the keytab's key: the key is not the KDC's. */
    private static boolean decryptionFailed(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c.getClass().getName().equals(CRYPTO_FAILURE)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static boolean isAddress(String host) {
        return IpLiteral.looksLikeIpv4(host) || IpLiteral.isIpv6(host);
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Kerberos step failed; the message is the {@code proxy-auth-failed} reason (no secret in it). */
    static final class KerberosFailure extends Exception {
        private static final long serialVersionUID = 1L;

        KerberosFailure(String message) {
            super(message);
        }
    }
}
