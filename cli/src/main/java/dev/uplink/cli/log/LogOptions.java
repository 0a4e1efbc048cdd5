package dev.uplink.cli.log;

import org.slf4j.event.Level;
import picocli.CommandLine.Option;

/** {@code --log-level} and {@code --log-format} of the long-running commands (docs/behaviour.md#logs). */
public final class LogOptions {

    /** The levels a user may choose. */
    public enum LogLevel {
        ERROR,
        WARN,
        INFO,
        DEBUG
    }

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            defaultValue = "info",
            description = "Least severe log lines written to stderr: error, warn, info (default) or debug.")
    LogLevel level = LogLevel.INFO;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Log lines as text (default; without timestamps under systemd, which adds its own)"
                    + " or json (one object per line: time, level, component, message).")
    LogSettings.Format format = LogSettings.Format.TEXT;

    /** Applies the options to the one logging facility. */
    public void apply() {
        LogSettings.level(Level.valueOf(level.name()));
        LogSettings.format(format);
    }
}
