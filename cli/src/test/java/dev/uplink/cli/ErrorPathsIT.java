package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's error paths as a user meets them: one {@code uplink: ...} line (plus picocli's
 * usage hint), the documented exit code, and no Java class name or stack trace
 * (docs/behaviour.md#error-messages).
 */
class ErrorPathsIT {

    @TempDir
    Path dir;

    record Case(int exit, String stderrStart, Path configDir, String... args) {}

    @Test
    void everyErrorIsOneLineInWordsWithTheDocumentedExitCode() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path config = Files.createDirectory(dir.resolve("config"));
        int busy;
        List<Case> cases = new ArrayList<>();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            busy = taken.getLocalPort();
            // I/O failures: exit 1 with the path, the reason and the fix.
            cases.add(new Case(
                    1,
                    "uplink: cannot write " + file + "/sub/policy.json: " + file
                            + "/sub: not a directory; part of the path is a file",
                    file.resolve("sub"),
                    "policy",
                    "set",
                    "TelemetryProxyServer=10.0.0.6:8080"));
            cases.add(new Case(
                    1,
                    "uplink: cannot listen on 127.0.0.1:" + busy,
                    config,
                    "collector",
                    "run",
                    "--listen",
                    "127.0.0.1:" + busy,
                    "--data",
                    dir.resolve("collector").toString(),
                    "--self-signed"));
            // Bad input: exit 2, named, with the expected form.
            cases.add(new Case(2, "uplink: Unknown option: '--bogus'", config, "policy", "show", "--bogus"));
            cases.add(new Case(2, "uplink: Unmatched argument", config, "no-such-command"));
            cases.add(new Case(
                    2,
                    "uplink: Invalid value for option '--log-format'",
                    config,
                    "collector",
                    "run",
                    "--listen",
                    "127.0.0.1:1",
                    "--data",
                    dir.resolve("c2").toString(),
                    "--self-signed",
                    "--log-format",
                    "xml"));
            cases.add(new Case(
                    2, "uplink: --out " + file + " is not a directory", config, "demo", "--out", file.toString()));
            cases.add(new Case(
                    2,
                    "uplink: --data " + file + " is not a collector data directory",
                    config,
                    "collector",
                    "query",
                    "--data",
                    file.toString()));
            cases.add(new Case(
                    1,
                    "uplink: no sensor status in " + dir.resolve("no-state"),
                    config,
                    "sensor",
                    "status",
                    "--state",
                    dir.resolve("no-state").toString()));
            for (Case c : cases) {
                var r = LauncherProcess.run(c.configDir(), c.args());
                String what = String.join(" ", c.args()) + "\n" + r;
                assertEquals(c.exit(), r.exit(), what);
                assertTrue(r.err().startsWith(c.stderrStart()), what);
                assertFalse(r.err().contains("java.") || r.err().contains("Exception"), what);
                assertFalse(r.err().contains("\tat "), "no stack trace\n" + what);
                assertTrue(r.err().lines().count() <= 2, "one line (and the usage hint)\n" + what);
            }
        }
        assertFalse(Files.exists(dir.resolve("collector").resolve("ca.pem")), "nothing made when the port is busy");
    }
}
