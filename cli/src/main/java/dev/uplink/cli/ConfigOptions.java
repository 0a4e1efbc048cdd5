package dev.uplink.cli;

import dev.uplink.core.config.ConfigStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config-dir}, shared by every command that reads the proxy settings. */
public class ConfigOptions {
    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description = "Configuration directory (default: $UPLINK_CONFIG_DIR, else /etc/uplink).")
    Path configDir;

    public ConfigStore store() {
        return ConfigStore.locate(configDir, System.getenv());
    }
}
