package dev.uplink.cli;

import dev.uplink.cli.collector.ControlAnswer;
import dev.uplink.cli.collector.HealthControl;
import dev.uplink.collector.control.ControlSocketServer;
import dev.uplink.collector.control.StoreIdentity;
import dev.uplink.collector.health.ConnectivityCheck;
import dev.uplink.collector.health.NetworkFacts;
import dev.uplink.collector.health.ProbeResult;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.store.TokenStore;
import dev.uplink.core.Redaction;
import dev.uplink.core.tls.Pem;
import dev.uplink.lab.DemoNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Run once at build time under {@code -XX:ArchiveClassesAtExit}: exercises the everyday commands
 * in a throw-away configuration directory so their classes land in the AppCDS archive that the
 * launcher maps at start-up (that is where most of a short command's time goes).
 *
 * <p>Usage: {@code CdsTraining [NATIVE_DIR]}; with NATIVE_DIR, first extracts sqlite-jdbc's native
 * library there for the launchers ({@link SqliteNativeLibrary}).
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            SqliteNativeLibrary.extractTo(Path.of(args[0]));
        }
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
            collector(dir);
            postgresClasses();
            postgresLogin(dir);
            analyze(dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(String... c) {
        var cmd = Main.newCommandLine(c);
        // As Main sets them up (over the redacting byte streams): a command that writes bytes, as
        // 'collector health --json' does, runs the same classes here as in use (docs/scaling.md#fleet-health).
        cmd.setOut(new StandardOutput(
                new PrintWriter(new StringWriter()), Redaction.printStream(OutputStream.nullOutputStream())));
        cmd.setErr(new StandardOutput(
                new PrintWriter(new StringWriter()), Redaction.printStream(OutputStream.nullOutputStream())));
        return cmd.execute(c);
    }

    /**
     * The collector's administration commands on a SQLite store with one enrolled device and its
     * connectivity check: the store, sqlite-jdbc, Jackson and the health document were most of
     * {@code collector sites list} or {@code collector health}'s start-up, loaded from the jar
     * (docs/scaling.md#cli-start-up). PostgreSQL needs a server: its driver's classes are only loaded
     * ({@link #postgresClasses}).
     */
    private static void collector(Path dir) {
        Path data = dir.resolve("collector");
        String d = data.toString();
        try (CollectorStore store = CollectorStore.open(data)) {
            store.tokens()
                    .insert(
                            "cds-token",
                            new byte[32],
                            Instant.now(),
                            Instant.now().plusSeconds(60));
            String device = store.tokens()
                    .redeem(
                            "cds-token",
                            new byte[32],
                            new TokenStore.NewDevice("cds-device", "ws-cds", new byte[32]),
                            Instant.now())
                    .deviceId();
            store.health().record(device, trainingCheck());
        }
        String[][] commands = {
            {"collector", "sites", "set", "hq", "10.1.0.0/16", "--data", d},
            {"collector", "sites", "list", "--data", d},
            {"collector", "sites", "list", "--json", "--store", "sqlite:" + d},
            {"collector", "health", "--data", d},
            {"collector", "health", "--json", "--store", "sqlite:" + d},
            {"collector", "health", "--site", "hq", "--fix", "squid", "--data", d},
            {"collector", "devices", "--data", d},
            {"collector", "sites", "remove", "hq", "--data", d},
            {
                "collector",
                "sites",
                "list",
                "--data",
                dir.resolve("no-such-store").toString()
            },
        };
        for (String[] c : commands) {
            run(c);
        }
        // The same commands answered by a running collector through its control socket: the client's
        // few classes are what such a command loads (docs/behaviour.md#control-socket).
        try (CollectorStore store = CollectorStore.openExisting(data);
                ControlSocketServer control = ControlSocketServer.start(
                        data.resolve(ControlSocketServer.FILE_NAME),
                        StoreIdentity.of(new StoreUrl.Sqlite(data)),
                        new HealthControl(store.health(), Clock.systemUTC()),
                        ControlSocketServer.Limits.defaults())) {
            String[] early = {
                "collector",
                "health",
                "--json",
                "--data",
                control.path().getParent().toString()
            };
            ControlAnswer.startEarly(early); // as Main does
            run(early);
            run("collector", "health", "--data", d);
        } catch (IOException e) {
            // No Unix domain sockets here: the archive goes without the client's classes.
        }
    }

    /**
     * The classes of the PostgreSQL driver and the connection pool, loaded (not run): the training
     * has no server to talk to, and without them a command on a PostgreSQL store parsed and verified
     * some 250 classes from the jar on every run (docs/scaling.md#cli-start-up). Classes whose
     * optional dependencies are missing (OSGi, metrics libraries) are left out.
     */
    private static void postgresClasses() throws IOException {
        ClassLoader loader = CdsTraining.class.getClassLoader();
        Path jar;
        try {
            jar = Path.of(CdsTraining.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        if (!Files.isRegularFile(jar)) {
            return; // classes from a directory (an IDE): nothing to archive anyway
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                String n = e.getName();
                if ((n.startsWith("org/postgresql/") || n.startsWith("com/zaxxer/hikari/")) && n.endsWith(".class")) {
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
                        // not archived
                    }
                }
            }
        }
    }

    /**
     * {@code collector sites list} on a PostgreSQL store whose server (a stand-in on 127.0.0.1) asks
     * for SCRAM-SHA-256, takes the client's proof and refuses it: the driver's login (the SCRAM
     * client, string preparation, PBKDF2 and HMAC from the JDK's providers, their lambdas) was about
     * 150 classes and method handles made from the jar at every start of a command on PostgreSQL, and
     * loading its classes without running them does not reach most of them (docs/scaling.md#cli-start-up).
     */
    private static void postgresLogin(Path dir) throws IOException {
        Path password = dir.resolve("store-password");
        Files.writeString(password, "cds-training\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // The warm-up Main starts for a command on PostgreSQL (its classes and the JDK's PBKDF2).
        dev.uplink.cli.collector.StoreWarmUp.startInBackground(
                new String[] {"collector", "sites", "list", "--store", "postgresql://cds@127.0.0.1/cds"});
        try (ScramRefusingServer server = ScramRefusingServer.start()) {
            java.io.PrintStream err = System.err;
            // The pool logs the refused login; the build's output is not the place for it.
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                run(
                        "collector",
                        "sites",
                        "list",
                        "--store",
                        "postgresql://cds@127.0.0.1:" + server.port() + "/cds",
                        "--store-password-file",
                        password.toString());
            } finally {
                System.setErr(err);
            }
        }
    }

    /**
     * One check of two endpoints by two methods: one of them failing on the first, both on the second
     * (the health document's every part, a listed failing device included).
     */
    private static ConnectivityCheck trainingCheck() {
        Instant now = Instant.now();
        String url = "https://svc.example.com/ping";
        String blocked = "https://blocked.example.com/ping";
        List<ProbeResult> results = List.of(
                new ProbeResult(
                        url,
                        "svc.example.com",
                        "Common",
                        "sensor",
                        "Sensor route",
                        "PROXY 10.1.2.1:3128",
                        "succeeded",
                        null,
                        null,
                        null,
                        null,
                        null,
                        200,
                        20),
                new ProbeResult(
                        url,
                        "svc.example.com",
                        "Common",
                        "1",
                        "Default proxy",
                        "PROXY 10.1.2.1:3128",
                        "failed",
                        "tls-intercepted",
                        "the probe failed",
                        "see docs/behaviour.md#diagnoses",
                        "CN=Corp Inspection CA",
                        null,
                        null,
                        30),
                new ProbeResult(
                        blocked,
                        "blocked.example.com",
                        "Common",
                        "sensor",
                        "Sensor route",
                        "PROXY 10.1.2.1:3128",
                        "failed",
                        "proxy-denied",
                        "the proxy denied the request",
                        "see docs/behaviour.md#diagnoses",
                        null,
                        "ERR_ACCESS_DENIED",
                        403,
                        25),
                new ProbeResult(
                        blocked,
                        "blocked.example.com",
                        "Common",
                        "1",
                        "Default proxy",
                        "PROXY 10.1.2.1:3128",
                        "failed",
                        "proxy-denied",
                        "the proxy denied the request",
                        "see docs/behaviour.md#diagnoses",
                        null,
                        "ERR_ACCESS_DENIED",
                        403,
                        26));
        return new ConnectivityCheck(
                "cds-check",
                "scheduled",
                now,
                now.plusSeconds(5),
                21_600,
                60L,
                "ws-cds",
                "US",
                "linux",
                "streamlined",
                "PROXY 10.1.2.1:3128",
                List.of("sensor.json"),
                new NetworkFacts("corp.example", "10.1.2.1", List.of("10.1.2.3"), "10.1.2.3", "10.1.2.1:3128"),
                results);
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
