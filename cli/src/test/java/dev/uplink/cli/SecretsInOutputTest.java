package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A password planted in every kind of input (a PAC result, --proxy, policy and advproxy values, a
 * collector URL, a --urls file) appears in no output of the command: not on stdout, not on stderr,
 * not in any file the command writes (docs/behaviour.md#secrets-in-output).
 */
class SecretsInOutputTest {
    static final String SECRET = "S3cr3tPlant";

    /** One command: its arguments, given the test's directory (inputs are planted there first). */
    record Case(String name, Function<Path, String[]> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> commands() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("resolve --pac --explain", d -> new String[] {
            "resolve",
            "https://host.example.test/x",
            "--pac",
            d.resolve("creds.pac").toString(),
            "--explain"
        }));
        c.add(new Case("resolve --pac --json", d -> new String[] {
            "resolve",
            "https://host.example.test/x",
            "--pac",
            d.resolve("creds.pac").toString(),
            "--json"
        }));
        c.add(new Case("resolve --pac --urls", d -> new String[] {
            "resolve",
            "--urls",
            d.resolve("urls.txt").toString(),
            "--pac",
            d.resolve("creds.pac").toString()
        }));
        c.add(new Case("resolve --urls (URL with a password)", d -> new String[] {
            "resolve",
            "--urls",
            d.resolve("creds-urls.txt").toString(),
            "--pac",
            d.resolve("direct.pac").toString()
        }));
        c.add(new Case("resolve --proxy --explain", d -> new String[] {
            "resolve",
            "https://host.example.test/x",
            "--proxy",
            "user:" + SECRET + "@proxy.example.test:3128",
            "--explain"
        }));
        c.add(new Case("resolve --proxy --json", d -> new String[] {
            "resolve", "https://host.example.test/x", "--proxy", "user:" + SECRET + "@proxy.example.test:3128", "--json"
        }));
        c.add(new Case("policy set", d -> new String[] {
            "policy",
            "set",
            "TelemetryProxyServer=user:" + SECRET + "@proxy.example.test:3128",
            "--config-dir",
            d.resolve("conf").toString()
        }));
        c.add(new Case("policy set (URL form)", d -> new String[] {
            "policy",
            "set",
            "TelemetryProxyServer=http://user:" + SECRET + "@proxy.example.test:3128",
            "--config-dir",
            d.resolve("conf").toString()
        }));
        c.add(new Case("winhttp set proxy", d -> new String[] {
            "winhttp",
            "set",
            "proxy",
            "user:" + SECRET + "@proxy.example.test:3128",
            "--config-dir",
            d.resolve("conf").toString()
        }));
        c.add(new Case("winhttp set advproxy settings=", d -> new String[] {
            "winhttp",
            "set",
            "advproxy",
            "setting-scope=machine",
            "settings={\"Proxy\":\"user:" + SECRET + "@proxy.example.test:3128\"}",
            "--config-dir",
            d.resolve("conf").toString()
        }));
        c.add(new Case("winhttp set advproxy settings-file=", d -> new String[] {
            "winhttp",
            "set",
            "advproxy",
            "setting-scope=machine",
            "settings-file=" + d.resolve("advproxy.json"),
            "--config-dir",
            d.resolve("conf").toString()
        }));
        c.add(new Case("analyze --urls (URL with a password)", d -> new String[] {
            "analyze",
            "--urls",
            d.resolve("creds-urls.txt").toString(),
            "--out",
            d.resolve("out").toString(),
            "--config-dir",
            d.resolve("conf").toString(),
            "--proxy",
            "user:" + SECRET + "@127.0.0.1:9",
            "--timeout",
            "1s"
        }));
        c.add(new Case("sensor status", d ->
                new String[] {"sensor", "status", "--state", d.resolve("state").toString()}));
        c.add(new Case("sensor status --json", d ->
                new String[] {"sensor", "status", "--state", d.resolve("state").toString(), "--json"}));
        c.add(new Case("sensor run --config (bad collectorUrl)", d -> new String[] {
            "sensor",
            "run",
            "--state",
            d.resolve("state2").toString(),
            "--config",
            d.resolve("sensor.json").toString()
        }));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void plantedPasswordIsInNoOutput(Case c, @TempDir Path d) throws IOException {
        plant(d);
        List<String> before = filesWithSecret(d);
        var r = InProcess.run(c.args().apply(d));
        assertFalse(r.out().contains(SECRET), "stdout shows the password\n" + r);
        assertFalse(r.err().contains(SECRET), "stderr shows the password\n" + r);
        List<String> after = filesWithSecret(d);
        after.removeAll(before);
        assertTrue(after.isEmpty(), "files written with the password: " + after + "\n" + r);
    }

    private static void plant(Path d) throws IOException {
        Files.writeString(
                d.resolve("creds.pac"),
                "function FindProxyForURL(url, host) {" + " return \"PROXY user:" + SECRET
                        + "@proxy.example.test:3128; DIRECT\"; }");
        Files.writeString(d.resolve("direct.pac"), "function FindProxyForURL(url, host) { return \"DIRECT\"; }");
        Files.writeString(d.resolve("urls.txt"), "https://host.example.test/a\n");
        Files.writeString(d.resolve("creds-urls.txt"), "https://user:" + SECRET + "@host.example.test/a\n");
        Files.writeString(
                d.resolve("advproxy.json"), "{\"Proxy\":\"http://user:" + SECRET + "@proxy.example.test:3128\"}");
        Files.createDirectories(d.resolve("conf"));
        Path state = Files.createDirectories(d.resolve("state"));
        // As an older daemon wrote it: the status file held the collector URL verbatim.
        Files.writeString(state.resolve("status.json"), """
                {"running": false, "pid": 1, "updatedAt": "2024-01-01T00:00:00Z",
                 "collectorUrl": "https://user:%s@collector.example.test/v1/events", "route": "DIRECT",
                 "spool": {"depth": 0, "bytes": 0, "maxBytes": 1}, "counters": {}, "lastDelivery": {}}
                """.formatted(SECRET));
        Files.writeString(
                d.resolve("sensor.json"),
                "{\"collectorUrl\": \"ftp://user:" + SECRET + "@collector.example.test/v1/events\"}");
    }

    private static List<String> filesWithSecret(Path d) throws IOException {
        List<String> hits = new ArrayList<>();
        try (var s = Files.walk(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)
                        && new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(SECRET)) {
                    hits.add(d.relativize(p).toString());
                }
            }
        }
        return hits;
    }
}
