package dev.uplink.cli.winhttp;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.config.WinHttpValues;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "set proxy [proxy-server=]SERVER [[bypass-list=]LIST]",
            "set advproxy setting-scope=machine settings=JSON",
            "set advproxy setting-scope=machine settings-file=FILE",
            "",
            "Examples:",
            "  uplink winhttp set proxy 10.0.0.6:8080",
            "  uplink winhttp set proxy proxy-server=\"http=10.0.0.6:8080;https=10.0.0.7:8443\" bypass-list=\"*.corp.example;<local>\"",
            "  uplink winhttp set advproxy setting-scope=machine settings='{\"AutoconfigUrl\":\"http://pac.corp.example/proxy.pac\"}'"
        })
class WinHttpSetCommand implements Runnable {
    static final String PROXY_USAGE = "uplink winhttp set proxy [proxy-server=]SERVER [[bypass-list=]LIST]";

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OBJECT", description = "proxy or advproxy")
    WinHttpObject object;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "netsh-style [name=]value arguments")
    List<String> args = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ConfigStore store = config.store();
        WinHttpSettings current = store.loadWinHttp();
        if (object == WinHttpObject.proxy) {
            Map<String, String> v = NetshArgs.parse(args, List.of("proxy-server", "bypass-list"), 1, PROXY_USAGE);
            WinHttpSettings next = WinHttpValues.settings(
                    v.get("proxy-server"), v.get("bypass-list"), current.autoconfigUrl(), current.autoDetect());
            if (!next.hasStaticProxy()) {
                throw new InvalidInputException("proxy-server is empty: usage: " + PROXY_USAGE);
            }
            store.saveWinHttp(next);
            WinHttpView.printProxy(spec.commandLine().getOut(), next, json);
        } else {
            WinHttpSettings next = AdvProxyArgs.read(args);
            store.saveWinHttp(next);
            WinHttpView.printAdvProxy(spec.commandLine().getOut(), next, json);
        }
    }
}
