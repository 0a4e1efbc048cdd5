package dev.uplink.cli.winhttp;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.WinHttpSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "'reset proxy': direct access (no proxy server); auto-configuration settings are kept.",
            "'reset advproxy': clears every system-wide setting, auto-configuration included."
        })
class WinHttpResetCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OBJECT", description = "proxy or advproxy")
    WinHttpObject object;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ConfigStore store = config.store();
        WinHttpSettings current = store.loadWinHttp();
        WinHttpSettings next = object == WinHttpObject.proxy
                ? new WinHttpSettings(null, null, current.autoconfigUrl(), current.autoDetect())
                : WinHttpSettings.DIRECT;
        store.saveWinHttp(next);
        WinHttpView.print(spec.commandLine().getOut(), object, next, json);
    }
}
