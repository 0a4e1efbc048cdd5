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
            // resolve --pac (and --urls): Rhino and the PAC sandbox are most of a list run's start-up
            // (bench/pac/whole-process.sh); DNS-free, so nothing leaves the machine at build time.
            Path pac = Files.writeString(
                    dir.resolve("training.pac"),
                    String.join(
                            "\n",
                            "function FindProxyForURL(url, host) {",
                            "  if (isPlainHostName(host) || dnsDomainIs(host, '.corp.example')",
                            "      || localHostOrDomainIs(host, 'intranet.corp.example')) return 'DIRECT';",
                            "  if (shExpMatch(host, '10.*') || shExpMatch(url, 'http://*.cdn.example/*')",
                            "      && dnsDomainLevels(host) > 2) return 'PROXY cache.corp.example:8080';",
                            "  if (url.substring(0, 6) == 'https:') return 'HTTPS gw.corp.example:443; DIRECT';",
                            "  return 'PROXY proxy.corp.example:8080; SOCKS5 socks.corp.example:1080; DIRECT';",
                            "}",
                            ""));
            Path urls = Files.writeString(
                    dir.resolve("training-urls.txt"),
                    String.join(
                            "\n",
                            "http://intranet/",
                            "https://www.corp.example/",
                            "http://img.a.cdn.example/x.png?q=1",
                            "http://10.1.2.3/",
                            "https://www.example.com/",
                            "http://www.example.org/path",
                            ""));
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
                {"resolve", "--pac", pac.toString(), "http://www.example.com/", "--config-dir", d},
                {"resolve", "--pac", pac.toString(), "--urls", urls.toString(), "--config-dir", d},
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
