package dev.uplink.cli.winhttp;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.importers.AdvProxySettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code set advproxy setting-scope=machine settings=JSON | settings-file=FILE}. */
final class AdvProxyArgs {
    static final String USAGE = "uplink winhttp set advproxy setting-scope=machine (settings=JSON | settings-file=FILE)";
    private static final long MAX_SETTINGS_FILE = 64 * 1024;

    private AdvProxyArgs() {
    }

    static WinHttpSettings read(List<String> args) {
        Map<String, String> v = NetshArgs.parse(args, List.of("setting-scope", "settings", "settings-file"), 1, USAGE);
        String scope = v.get("setting-scope").toLowerCase(Locale.ROOT);
        if (!scope.equals("machine")) {
            throw new InvalidInputException("setting-scope '" + v.get("setting-scope") + "' is not supported: uplink keeps machine-wide settings only (setting-scope=machine)");
        }
        boolean inline = v.containsKey("settings");
        boolean file = v.containsKey("settings-file");
        if (inline == file) {
            throw new InvalidInputException("give exactly one of settings=JSON or settings-file=FILE: usage: " + USAGE);
        }
        if (inline) {
            return AdvProxySettings.parse(v.get("settings"), "settings");
        }
        Path path = Path.of(v.get("settings-file"));
        try {
            if (!Files.isRegularFile(path)) {
                throw new InvalidInputException("settings-file " + path + " does not exist or is not a file: expected a JSON file with keys Proxy, ProxyBypass, AutoconfigUrl, AutoDetect");
            }
            if (Files.size(path) > MAX_SETTINGS_FILE) {
                throw new InvalidInputException("settings-file " + path + " is larger than 64 KiB: not an advproxy settings file");
            }
            return AdvProxySettings.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read settings-file " + path + ": " + e.getMessage(), e);
        }
    }
}
