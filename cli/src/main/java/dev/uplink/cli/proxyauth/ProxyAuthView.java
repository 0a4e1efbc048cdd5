package dev.uplink.cli.proxyauth;

import dev.uplink.cli.JsonOutput;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.proxyauth.ProxyAuthPolicy;
import dev.uplink.core.proxyauth.ProxyAuthSettings;
import dev.uplink.core.proxyauth.ProxyAuthStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints the proxy authentication settings and their effect; never reads out the secret. */
final class ProxyAuthView {
    private ProxyAuthView() {}

    static void print(PrintWriter out, ConfigStore config, boolean json) {
        ProxyAuthStore store = new ProxyAuthStore(config);
        ProxyAuthSettings s = store.load();
        MachinePolicy policy = config.loadPolicy();
        boolean disabled = ProxyAuthPolicy.disabledByPolicy(policy);
        String secretProblem = s == null
                ? null
                : s.scheme() == ProxyAuthSettings.Scheme.BASIC ? secretProblem(store) : keytabProblem(s);
        boolean inEffect = s != null && !disabled && secretProblem == null;
        String effect = s == null
                ? (disabled
                        ? "no: nothing configured, and DisableEnterpriseAuthProxy=1 forbids proxy authentication"
                        : "no: nothing configured (uplink sends no proxy credentials)")
                : disabled
                        ? "no: DisableEnterpriseAuthProxy=1 forbids proxy authentication (the settings are kept, unused)"
                        : secretProblem != null ? "no: " + secretProblem : "yes: " + s.describe();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", store.settingsFile().toString());
            doc.put("scheme", s == null ? null : s.scheme().word());
            doc.put("user", s == null ? null : s.user());
            doc.put("allowCleartext", s != null && s.allowCleartext());
            doc.put(
                    "keytab",
                    s == null || s.keytab() == null ? null : s.keytab().toString());
            doc.put("principal", s == null ? null : s.principal());
            doc.put(
                    "krb5Conf",
                    s == null || s.krb5Conf() == null ? null : s.krb5Conf().toString());
            doc.put(
                    "secretFile",
                    s != null && s.scheme() == ProxyAuthSettings.Scheme.BASIC
                            ? store.secretFile().toString()
                            : null);
            doc.put("disableEnterpriseAuthProxy", policy.disableEnterpriseAuthProxy());
            doc.put("inEffect", inEffect);
            doc.put("effect", effect);
            JsonOutput.print(out, doc);
            return;
        }
        out.println("Proxy authentication (" + store.settingsFile() + "):");
        out.println();
        if (s == null) {
            out.println("    Scheme                     :  (not set)");
        } else if (s.scheme() == ProxyAuthSettings.Scheme.BASIC) {
            out.println("    Scheme                     :  Basic");
            out.println("    User                       :  " + s.user());
            out.println("    Password                   :  stored in " + store.secretFile() + " (not shown)");
            out.println("    Plain-HTTP proxies         :  "
                    + (s.allowCleartext() ? "yes (--allow-cleartext)" : "no (HTTPS proxies only)"));
        } else {
            out.println("    Scheme                     :  Negotiate (Kerberos)");
            out.println("    Keytab                     :  " + (s.keytab() == null ? "(default)" : s.keytab()));
            out.println("    Principal                  :  "
                    + (s.principal() == null ? "(the keytab's first)" : s.principal()));
            out.println("    Kerberos configuration     :  " + (s.krb5Conf() == null ? "(system)" : s.krb5Conf()));
        }
        out.println("    DisableEnterpriseAuthProxy :  "
                + (policy.disableEnterpriseAuthProxy() == null ? "(not set)" : policy.disableEnterpriseAuthProxy()));
        out.println("    In effect                  :  " + effect);
        out.flush();
    }

    /** Why the keytab cannot be used (missing, or readable by others), or null. */
    private static String keytabProblem(ProxyAuthSettings s) {
        java.nio.file.Path keytab = s.keytab() == null ? ProxyAuthSettings.DEFAULT_KEYTAB : s.keytab();
        if (!Files.isRegularFile(keytab)) {
            return "the keytab " + keytab + " does not exist";
        }
        try {
            PrivateFiles.requireOwnerOnly(keytab, "the keytab " + keytab);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot check " + keytab + ": " + e.getMessage();
        }
    }

    /** Why the stored password cannot be used (missing, or readable by others), or null. */
    private static String secretProblem(ProxyAuthStore store) {
        if (!Files.isRegularFile(store.secretFile(), LinkOption.NOFOLLOW_LINKS)) {
            return store.secretFile() + " is missing (run 'uplink proxyauth set basic' again)";
        }
        try {
            PrivateFiles.requireOwnerOnly(store.secretFile(), "the proxy password file " + store.secretFile());
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot check " + store.secretFile() + ": " + e.getMessage();
        }
    }
}
