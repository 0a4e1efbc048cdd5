package dev.uplink.cli.system;

import dev.uplink.cli.JsonOutput;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.system.ExportedSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Read the proxy settings exported from another machine, each file recognised by content:",
            "Windows 'reg export' (.reg, UTF-16LE or not) or Registry.pol (machine policy, WinHttpSettings,",
            "DefaultConnectionSettings, ProxySettingsPerUser, the Defender Antivirus proxy policy,",
            "PreferStaticProxyForHttpRequest), captured 'netsh winhttp show proxy' / 'show advproxy',",
            "captured macOS 'scutil --proxy', and XML plists / unsigned .mobileconfig (com.microsoft.wdav).",
            "Prints every source with the conflicts, as 'system show' does. With --config-dir, writes",
            "uplink's own settings equivalent to that machine (policy.json, winhttp.json), so 'resolve'",
            "and 'analyze' with that directory answer what its sensor would do. A file that is not",
            "recognised or is damaged is an error (exit 2) and nothing is written."
        })
class SystemImportCommand implements Runnable {
    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description = "Write the equivalent policy.json and winhttp.json into DIR (replacing what is there).")
    Path configDir;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "exported settings files")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // Every file is read and checked before anything is written.
        ExportedSettings exported = ExportedSettings.read(files);
        Map<String, Object> written = new LinkedHashMap<>();
        if (configDir != null) {
            ConfigStore store = new ConfigStore(configDir);
            WinHttpSettings winHttp = exported.winHttp() == null ? WinHttpSettings.DIRECT : exported.winHttp();
            store.savePolicy(exported.policy());
            store.saveWinHttp(winHttp);
            written.put("configDir", configDir.toString());
            written.put(
                    "TelemetryProxyServer",
                    exported.policy().telemetryProxyServer() == null
                            ? null
                            : exported.policy().telemetryProxyServer().toString());
            written.put("DisableEnterpriseAuthProxy", exported.policy().disableEnterpriseAuthProxy());
            written.put(
                    "Proxy", winHttp.proxy() == null ? null : winHttp.proxy().toString());
            written.put("ProxyBypass", winHttp.bypassList());
            written.put("AutoconfigUrl", winHttp.autoconfigUrl());
            written.put("AutoDetect", winHttp.autoDetect());
        }
        PrintWriter out = spec.commandLine().getOut();
        String what = files.size() == 1 ? "file " + files.get(0) : files.size() + " files";
        if (json) {
            Map<String, Object> doc = SourcesView.toJson(exported.report(), what);
            doc.put("written", configDir == null ? null : written);
            JsonOutput.print(out, doc);
            return;
        }
        SourcesView.print(out, exported.report(), what, false);
        if (configDir != null) {
            out.println();
            out.println("Wrote uplink's equivalent settings to " + configDir + ":");
            written.forEach((k, v) -> {
                if (!k.equals("configDir")) {
                    out.println("    " + k + " = " + (v == null ? "(not set)" : v));
                }
            });
        }
    }
}
