package dev.uplink.cli;

import dev.uplink.core.tls.Pem;
import dev.uplink.lab.DemoNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
                run(c);
            }
            analyze(dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(String... c) {
        var cmd = Main.newCommandLine(c);
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(new StringWriter()));
        return cmd.execute(c);
    }

    /**
     * {@code analyze} by all five methods through the demo's proxy to its throw-away origin, all on
     * 127.0.0.1 (nothing leaves the machine, no name is looked up): loading its TLS, PAC and report
     * classes from the jar was about a third of its start-up CPU (bench/analyzer/README.md).
     */
    private static void analyze(Path dir) throws IOException {
        String host = "cds-training.uplink.invalid";
        try (DemoNetwork net = DemoNetwork.start(List.of(host), List.of(host), Map.of(), e -> {})) {
            String d = dir.toString();
            Path ca = dir.resolve("ca.pem");
            Pem.writeCertificates(List.of(net.ca().certificate()), ca);
            Path pac = dir.resolve("training.pac");
            Files.writeString(
                    pac,
                    "function FindProxyForURL(url, host) { return \"PROXY "
                            + net.proxy().hostPort() + "\"; }\n");
            // Port 443, where the demo proxy sends every name to the origin; the direct probe is
            // pointed at 127.0.0.1:443 and is refused, which trains the failure path too.
            Path urls = dir.resolve("urls.txt");
            Files.writeString(urls, "https://" + host + "/ping\n");
            run(
                    "winhttp",
                    "set",
                    "advproxy",
                    "setting-scope=machine",
                    "settings={\"AutoconfigUrl\":\"" + pac.toUri() + "\"}",
                    "--config-dir",
                    d);
            run("winhttp", "set", "proxy", net.proxy().hostPort(), "--config-dir", d);
            run("policy", "set", "TelemetryProxyServer=" + net.proxy().hostPort(), "--config-dir", d);
            run(
                    "analyze",
                    "--config-dir",
                    d,
                    "--urls",
                    urls.toString(),
                    "--ca-file",
                    ca.toString(),
                    "--resolve",
                    host + ":443:127.0.0.1",
                    "--proxy",
                    net.proxy().hostPort(),
                    "--timeout",
                    "5s",
                    "--out",
                    dir.resolve("report").toString());
        }
    }
}
