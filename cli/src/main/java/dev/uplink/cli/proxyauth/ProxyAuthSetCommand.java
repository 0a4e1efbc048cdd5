package dev.uplink.cli.proxyauth;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.proxyauth.ProxyAuthSettings;
import dev.uplink.core.proxyauth.ProxyAuthStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink proxyauth set basic|negotiate}: replaces the settings (one scheme at a time). */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = "Configure the credentials uplink answers a proxy's 407 with (replaces earlier settings).",
        subcommands = {ProxyAuthSetCommand.Basic.class, ProxyAuthSetCommand.Negotiate.class})
class ProxyAuthSetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "basic",
            mixinStandardHelpOptions = true,
            description = {
                "Basic: a user and the password read from a file (mode 0600, one line).",
                "The password is copied into the configuration directory (proxyauth.secret, mode 0600)",
                "and never printed. Sent to HTTPS proxies; to plain-HTTP proxies only with --allow-cleartext."
            })
    static class Basic implements Runnable {
        @Mixin
        ConfigOptions config;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "The proxy user name.")
        String user;

        @Option(
                names = "--password-file",
                required = true,
                paramLabel = "FILE",
                description = "File holding the password on one line; must not be readable by group or others.")
        Path passwordFile;

        @Option(
                names = "--allow-cleartext",
                description = "Also send the credentials to plain-HTTP proxies (readable on the network).")
        boolean allowCleartext;

        @Option(names = "--json", description = "Print the resulting settings as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ProxyAuthSettings settings = ProxyAuthSettings.basic(user, allowCleartext);
            byte[] password = ProxyAuthStore.readPasswordFile(passwordFile);
            try {
                new ProxyAuthStore(config.store()).save(settings, password);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
            ProxyAuthView.print(spec.commandLine().getOut(), config.store(), json);
        }
    }

    @Command(
            name = "negotiate",
            mixinStandardHelpOptions = true,
            description = {
                "Negotiate (Kerberos through the JDK's GSS-API): credentials from a keytab, never a prompt;",
                "the service principal is HTTP@<proxy host> (the proxy's canonical host name)."
            })
    static class Negotiate implements Runnable {
        @Mixin
        ConfigOptions config;

        @Option(
                names = "--keytab",
                paramLabel = "FILE",
                description = "The keytab (mode 0600); default the machine keytab /etc/krb5.keytab.")
        Path keytab;

        @Option(
                names = "--principal",
                paramLabel = "NAME",
                description =
                        "The client principal, e.g. host/machine.corp.example@CORP.EXAMPLE; default the keytab's first.")
        String principal;

        @Option(
                names = "--krb5-conf",
                paramLabel = "FILE",
                description = "The Kerberos configuration; default the system's (/etc/krb5.conf).")
        Path krb5Conf;

        @Option(names = "--json", description = "Print the resulting settings as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (keytab != null) {
                checkKeytab(keytab);
            }
            if (krb5Conf != null && !Files.isRegularFile(krb5Conf)) {
                throw new InvalidInputException("--krb5-conf " + krb5Conf
                        + " is not a readable file: expected a Kerberos configuration (krb5.conf)");
            }
            if (principal != null && (principal.isBlank() || principal.chars().anyMatch(c -> c < 32 || c == 127))) {
                throw new InvalidInputException("--principal '" + principal
                        + "' is not a principal name: expected e.g. host/machine.corp.example@CORP.EXAMPLE");
            }
            ProxyAuthSettings settings = ProxyAuthSettings.negotiate(
                    keytab == null ? null : keytab.toAbsolutePath(),
                    principal,
                    krb5Conf == null ? null : krb5Conf.toAbsolutePath());
            new ProxyAuthStore(config.store()).save(settings, null);
            ProxyAuthView.print(spec.commandLine().getOut(), config.store(), json);
        }

        private static void checkKeytab(Path keytab) {
            if (!Files.isRegularFile(keytab)) {
                throw new InvalidInputException(
                        "--keytab " + keytab + " is not a readable file: expected a Kerberos keytab");
            }
            try {
                PrivateFiles.requireOwnerOnly(keytab, "the keytab " + keytab);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the keytab " + keytab + ": " + e.getMessage());
            }
        }
    }
}
