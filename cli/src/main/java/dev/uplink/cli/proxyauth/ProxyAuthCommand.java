package dev.uplink.cli.proxyauth;

import picocli.CommandLine.Command;

/** {@code uplink proxyauth}: credentials for proxies that demand authentication (docs/behaviour.md#proxy-authentication). */
@Command(
        name = "proxyauth",
        mixinStandardHelpOptions = true,
        description = {
            "Proxy authentication: the credentials uplink answers a proxy's 407 with.",
            "",
            "DisableEnterpriseAuthProxy=1 (uplink policy) is a hard off switch: no credentials are ever",
            "sent to a proxy, whatever is configured here. Otherwise uplink authenticates only with the",
            "credentials configured here. NTLM is not supported.",
            "",
            "basic      user and password; sent to HTTPS proxies (HTTPS host:port routes), to plain-HTTP",
            "           proxies only with --allow-cleartext (the password crosses the network readable).",
            "negotiate  Kerberos (SPNEGO) from a keytab, never a prompt; service principal HTTP@<proxy host>."
        },
        subcommands = {ProxyAuthShowCommand.class, ProxyAuthSetCommand.class, ProxyAuthResetCommand.class})
public class ProxyAuthCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
