package dev.uplink.cli.winhttp;

import picocli.CommandLine.Command;

/** {@code uplink winhttp}: the system-wide proxy, with netsh's syntax and output. */
@Command(
        name = "winhttp",
        mixinStandardHelpOptions = true,
        description = {
            "System-wide proxy and auto-configuration, with netsh syntax and output.",
            "",
            "  uplink winhttp show proxy",
            "  uplink winhttp set proxy [proxy-server=]SERVER [[bypass-list=]LIST]",
            "  uplink winhttp reset proxy",
            "  uplink winhttp import proxy source=env",
            "  uplink winhttp set advproxy setting-scope=machine settings=JSON|settings-file=FILE",
            "  uplink winhttp show advproxy",
            "",
            "SERVER is host:port or http=host:port;https=host:port;socks=host:port.",
            "LIST is ';'-separated: host names with * wildcards, IP literals, CIDR ranges,",
            "<local> (names without a dot) and <-loopback> (do not bypass loopback)."
        },
        subcommands = {
            WinHttpShowCommand.class,
            WinHttpSetCommand.class,
            WinHttpResetCommand.class,
            WinHttpImportCommand.class
        })
public class WinHttpCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
