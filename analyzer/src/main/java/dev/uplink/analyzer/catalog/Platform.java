package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The operating-system columns of the catalog: where a row applies. The CLI names
 * ({@code --os windows}) and the catalog column headers ({@code Windows7_81}) differ because the
 * vendor's spreadsheet names columns after OS versions, while users think in platforms.
 */
public enum Platform {
    /** Windows 10/11 and Server with the unified agent. */
    WINDOWS("windows", "Windows"),
    /** Windows 7 SP1 and 8.1. */
    WINDOWS_LEGACY("windows-legacy", "Windows7_81"),
    /** Servers onboarded through the monitoring agent (MMA). */
    MMA("mma", "MMA"),
    MACOS("macos", "macOS"),
    LINUX("linux", "Linux");

    private final String cliName;
    private final String column;

    Platform(String cliName, String column) {
        this.cliName = cliName;
        this.column = column;
    }

    public String cliName() {
        return cliName;
    }

    /** The header of this platform's column in the CSV catalog. */
    public String column() {
        return column;
    }

    /** Parses a CLI/JSON name ({@code windows-legacy}); the column header is accepted too. */
    public static Platform parse(String text, String what) {
        String s = text == null ? "" : CaseMapping.lower(text.trim());
        for (Platform p : values()) {
            if (p.cliName.equals(s) || CaseMapping.lower(p.column).equals(s)) {
                return p;
            }
        }
        throw new InvalidInputException(what + " '" + text + "' is not a platform: expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Platform::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
