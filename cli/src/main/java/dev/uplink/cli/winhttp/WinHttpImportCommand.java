package dev.uplink.cli.winhttp;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.config.WinHttpValues;
import dev.uplink.core.importers.EnvProxyImport;
import dev.uplink.core.importers.EnvProxyImportResult;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "import proxy source=env: take the system-wide proxy from http_proxy, https_proxy",
            "and no_proxy (either case; lower case wins). Credentials in the URLs are not kept:",
            "the sensor connects anonymously."
        })
class WinHttpImportCommand implements Runnable {
    static final String USAGE = "uplink winhttp import proxy source=env";

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OBJECT", description = "proxy")
    WinHttpObject object;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "source=env")
    List<String> args = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (object != WinHttpObject.proxy) {
            throw new InvalidInputException("only proxy settings can be imported: usage: " + USAGE);
        }
        Map<String, String> v = NetshArgs.parse(args, List.of("source"), 1, USAGE);
        if (!CaseMapping.lower(v.get("source")).equals("env")) {
            throw new InvalidInputException("source '" + v.get("source")
                    + "' is not supported: uplink imports from the environment, usage: " + USAGE);
        }
        ConfigStore store = config.store();
        WinHttpSettings current = store.loadWinHttp();
        EnvProxyImportResult imported = EnvProxyImport.fromEnvironment(System.getenv());
        imported.warnings().forEach(w -> spec.commandLine().getErr().println("uplink: warning: " + w));
        WinHttpSettings next = new WinHttpSettings(
                imported.proxy(),
                WinHttpValues.normaliseBypass(imported.bypassList()),
                current.autoconfigUrl(),
                current.autoDetect());
        store.saveWinHttp(next);
        WinHttpView.printProxy(spec.commandLine().getOut(), next, json);
    }
}
