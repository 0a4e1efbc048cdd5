package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector health} answered by a running {@code collector run} through its control socket
 * (docs/behaviour.md#control-socket), on both stores: the same bytes as the command's own answer
 * (its {@code generatedAt} aside), without loading a driver or Jackson, and the fallbacks.
 */
class CollectorControlSocketTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    private static final Pattern GENERATED_AT = Pattern.compile("\"generatedAt\":\"[^\"]*\"");
    private static final Pattern TEXT_AT = Pattern.compile("^Fleet health at \\S+:");

    @TempDir
    Path dir;

    @Test
    void onSqliteTheRunningCollectorAnswersTheSameDocumentAndStoppingRemovesTheSocket() throws Exception {
        Path data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            CollectorHealthCliTest.fleet(store);
        }
        Path socket = data.resolve("control.sock");
        CliRun direct = CliRun.of("collector", "health", "--json", "--data", data.toString(), "--no-control-socket");
        assertEquals(0, direct.exit(), direct.err());
        CliRun directText = CliRun.of("collector", "health", "--data", data.toString());
        assertEquals(0, directText.exit(), directText.err());
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));

        Process collector = run(List.of("--data", data.toString(), "--self-signed"), socket);
        try {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));

            // A separate cold process, as an administrator runs it: same bytes, and no store driver,
            // JSON library or pool loaded (so the answer cannot have come from the store).
            Path classes = dir.resolve("classes.log");
            Cold via = cold(classes, "collector", "health", "--json", "--data", data.toString());
            assertEquals(0, via.exit, via.err);
            assertEquals(withoutTime(direct.out()), withoutTime(via.out));
            assertNotEquals(direct.out(), via.out, "a document of its own moment");
            List<String> loaded = Files.readAllLines(classes).stream()
                    .filter(l -> l.contains("org.sqlite.")
                            || l.contains("com.fasterxml.")
                            || l.contains("com.zaxxer.")
                            || l.contains("org.postgresql."))
                    .toList();
            assertEquals(List.of(), loaded);

            CliRun text = CliRun.of("collector", "health", "--data", data.toString());
            assertEquals(0, text.exit(), text.err());
            assertEquals(textWithoutTime(directText.out()), textWithoutTime(text.out()));
            CliRun site = CliRun.of(
                    "collector", "health", "--json", "--site", "branch.example 10.9.0.0/24", "--data", data.toString());
            CliRun siteDirect = CliRun.of(
                    "collector",
                    "health",
                    "--json",
                    "--site",
                    "branch.example 10.9.0.0/24",
                    "--data",
                    data.toString(),
                    "--no-control-socket");
            assertEquals(0, site.exit(), site.err());
            assertEquals(withoutTime(siteDirect.out()), withoutTime(site.out()));

            // An unknown site: the collector leaves it to the command, which words the error as always.
            CliRun unknown = CliRun.of("collector", "health", "--site", "nowhere", "--data", data.toString());
            assertEquals(2, unknown.exit());
            assertTrue(unknown.err().contains("--site 'nowhere': no such site in " + data), unknown.err());

            // Another store named with this collector's socket: its answer is not taken.
            Path other = dir.resolve("other");
            try (CollectorStore store = CollectorStore.open(other)) {
                store.tenantId();
            }
            Cold otherStore = cold(
                    dir.resolve("other-classes.log"),
                    "collector",
                    "health",
                    "--json",
                    "--data",
                    other.toString(),
                    "--control-socket",
                    socket.toString());
            assertEquals(0, otherStore.exit, otherStore.err);
            assertTrue(otherStore.out.contains("\"sites\":[]"), otherStore.out);
            assertTrue(
                    Files.readString(dir.resolve("other-classes.log")).contains("org.sqlite."), "opened its own store");
        } finally {
            stop(collector);
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the collector removed its socket");
        CliRun after = CliRun.of("collector", "health", "--json", "--data", data.toString());
        assertEquals(0, after.exit(), after.err());
        assertEquals(withoutTime(direct.out()), withoutTime(after.out()));
    }

    @Test
    void onPostgresTheCollectorsSocketAnswersWithoutTheStoresPassword() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            CollectorHealthCliTest.fleet(store);
        }
        KeyAndChain identity = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("localhost"));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path password = dir.resolve("store-password");
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(cert, Pem.encodeCertificates(identity.chain()));
        Files.writeString(key, Pem.encodePrivateKey(identity.key()));
        Files.writeString(password, PostgresHarness.PASSWORD + "\n");
        Files.writeString(wrong, "not-the-password\n");
        for (Path p : List.of(key, password, wrong)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        Path socket = dir.resolve("run").resolve("control.sock");
        Files.createDirectories(socket.getParent());
        CliRun direct = CliRun.of(
                "collector",
                "health",
                "--json",
                "--store",
                url.display(),
                "--store-password-file",
                password.toString());
        assertEquals(0, direct.exit(), direct.err());

        // Without --control-socket a PostgreSQL store's command asks no collector.
        Process collector = run(
                List.of(
                        "--store",
                        url.display(),
                        "--store-password-file",
                        password.toString(),
                        "--tls-cert",
                        cert.toString(),
                        "--tls-key",
                        key.toString(),
                        "--control-socket",
                        socket.toString()),
                socket);
        try {
            CliRun noSocket = CliRun.of(
                    "collector",
                    "health",
                    "--json",
                    "--store",
                    url.display(),
                    "--store-password-file",
                    wrong.toString());
            assertEquals(1, noSocket.exit(), "opened the store itself, with the wrong password: " + noSocket.out());

            // With it, the collector answers: the password (here a wrong one) is never needed.
            Cold via = cold(
                    dir.resolve("classes.log"),
                    "collector",
                    "health",
                    "--json",
                    "--store",
                    url.display(),
                    "--store-password-file",
                    wrong.toString(),
                    "--control-socket",
                    socket.toString());
            assertEquals(0, via.exit, via.err);
            assertEquals(withoutTime(direct.out()), withoutTime(via.out));
            assertFalse(Files.readString(dir.resolve("classes.log")).contains("org.postgresql."));

            // Another database on the same server: not this collector's store, so not its answer.
            StoreUrl.Postgres otherDb = pg.newDatabase();
            PostgresStore.migrate(otherDb, PostgresHarness.PASSWORD);
            CliRun other = CliRun.of(
                    "collector",
                    "health",
                    "--json",
                    "--store",
                    otherDb.display(),
                    "--store-password-file",
                    password.toString(),
                    "--control-socket",
                    socket.toString());
            assertEquals(0, other.exit(), other.err());
            assertTrue(other.out().contains("\"sites\":[]"), other.out());
        } finally {
            stop(collector);
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void bothSocketOptionsAreRefusedBeforeAnythingIsMade() {
        Path data = dir.resolve("data");
        CliRun run = CliRun.of(
                "collector",
                "run",
                "--listen",
                "127.0.0.1:1",
                "--data",
                data.toString(),
                "--self-signed",
                "--no-warm-up",
                "--control-socket",
                dir.resolve("c.sock").toString(),
                "--no-control-socket");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--control-socket and --no-control-socket: give one of them"), run.err());
        assertFalse(Files.exists(data));
        CliRun health = CliRun.of(
                "collector",
                "health",
                "--data",
                data.toString(),
                "--control-socket",
                dir.resolve("c.sock").toString(),
                "--no-control-socket");
        assertEquals(2, health.exit());
        assertTrue(health.err().contains("--control-socket and --no-control-socket: give one of them"), health.err());
    }

    @Test
    void runWithoutASocketMakesNone() throws Exception {
        Path data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            CollectorHealthCliTest.fleet(store);
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.uplink.cli.Main",
                        "collector",
                        "run",
                        "--no-warm-up",
                        "--no-control-socket",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--data",
                        data.toString(),
                        "--self-signed")
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String last = CompletableFuture.supplyAsync(() -> {
                        try {
                            for (String l = out.readLine(); l != null; l = out.readLine()) {
                                assertFalse(l.startsWith("control socket"), l);
                                if (l.startsWith("dashboard on ")) {
                                    return l;
                                }
                            }
                            return null;
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertTrue(last != null, () -> "no dashboard line: " + read(dir.resolve("err.txt")));
            assertFalse(Files.exists(data.resolve("control.sock"), LinkOption.NOFOLLOW_LINKS));
        } finally {
            stop(p);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String withoutTime(String json) {
        return GENERATED_AT.matcher(json).replaceFirst("\"generatedAt\":\"-\"");
    }

    private static String textWithoutTime(String text) {
        return TEXT_AT.matcher(text).replaceFirst("Fleet health at -:");
    }

    private record Cold(int exit, String out, String err) {}

    private Cold cold(Path classLog, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + classLog,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.uplink.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cold(p.exitValue(), out, Files.readString(err));
    }

    private Process run(List<String> storeArgs, Path socket) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.uplink.cli.Main",
                "collector",
                "run",
                "--no-warm-up",
                "--listen",
                "127.0.0.1:" + port));
        cmd.addAll(storeArgs);
        Path log = Files.createTempFile(dir, "collector", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String l = out.readLine(); l != null; l = out.readLine()) {
                            if (l.startsWith("control socket ")) {
                                return l;
                            }
                        }
                        return null;
                    } catch (IOException e) {
                        return null;
                    }
                })
                .get(60, TimeUnit.SECONDS);
        if (!("control socket " + socket).equals(line)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "collector did not open its control socket: " + line + "\n" + Files.readString(log));
        }
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the shutdown hook closes the socket
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
