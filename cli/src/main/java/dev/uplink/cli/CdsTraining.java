package dev.uplink.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Run once at build time under {@code -XX:ArchiveClassesAtExit}: exercises the everyday commands
 * in a throw-away configuration directory so their classes land in the AppCDS archive that the
 * launcher maps at start-up (that is where most of a short command's time goes).
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("uplink-cds");
        try {
            String d = dir.toString();
            String[][] commands = {
                {"--help"},
                {"--version"},
                {"winhttp", "show", "proxy", "--config-dir", d},
                {"winhttp", "set", "proxy", "10.0.0.6:8080", "<local>", "--config-dir", d},
                {"winhttp", "show", "proxy", "--config-dir", d},
                {"winhttp", "show", "advproxy", "--json", "--config-dir", d},
                {"winhttp", "reset", "proxy", "--config-dir", d},
                {"policy", "set", "TelemetryProxyServer=10.0.0.6:8080", "--config-dir", d},
                {"policy", "show", "--json", "--config-dir", d},
                {"policy", "reset", "--config-dir", d},
                {"winhttp", "set", "proxy", "http://bad", "--config-dir", d},
            };
            for (String[] c : commands) {
                var cmd = Main.newCommandLine(c);
                cmd.setOut(new PrintWriter(new StringWriter()));
                cmd.setErr(new PrintWriter(new StringWriter()));
                cmd.execute(c);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
