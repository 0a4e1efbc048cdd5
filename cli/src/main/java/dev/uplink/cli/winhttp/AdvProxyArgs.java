package dev.uplink.cli.winhttp;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.importers.AdvProxySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code set advproxy setting-scope=machine settings=JSON | settings-file=FILE}. */
final class AdvProxyArgs {
    static final String USAGE =
            "uplink winhttp set advproxy setting-scope=machine (settings=JSON | settings-file=FILE)";

    private AdvProxyArgs() {}

    static WinHttpSettings read(List<String> args) {
        Map<String, String> v = NetshArgs.parse(args, List.of("setting-scope", "settings", "settings-file"), 1, USAGE);
        String scope = CaseMapping.lower(v.get("setting-scope"));
        if (!scope.equals("machine")) {
            throw new InvalidInputException("setting-scope '" + v.get("setting-scope")
                    + "' is not supported: uplink keeps machine-wide settings only (setting-scope=machine)");
        }
        boolean inline = v.containsKey("settings");
        boolean file = v.containsKey("settings-file");
        if (inline == file) {
            throw new InvalidInputException("give exactly one of settings=JSON or settings-file=FILE: usage: " + USAGE);
        }
        if (inline) {
            return AdvProxySettings.parse(v.get("settings"), "settings");
        }
        return AdvProxySettings.read(Path.of(v.get("settings-file")));
    }
}
