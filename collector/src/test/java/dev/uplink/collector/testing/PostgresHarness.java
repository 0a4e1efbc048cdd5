package dev.uplink.collector.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.collector.store.StoreUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster for one test class: initdb in a temporary directory, started on a free
 * loopback port with scram-sha-256 passwords, stopped and deleted by {@link #close()}. PostgreSQL
 * refuses to run as root, so when the tests run as root the cluster belongs to {@code nobody}.
 * Skips (an assumption) only when the PostgreSQL server binaries are not installed.
 */
public final class PostgresHarness implements AutoCloseable {

    public static final String USER = "uplink";
    public static final String PASSWORD = "harness-secret-7f3a";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresHarness(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The newest /usr/lib/postgresql/VERSION/bin that has the server binaries, or null. */
    static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())))
                    .orElse(null);
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static PostgresHarness start() throws Exception {
        Path bin = findBin();
        assumeTrue(
                bin != null,
                "PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin); ./run-tests installs them");
        Path dir = Files.createTempDirectory("uplink-pg");
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipal nobody =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
            Files.setOwner(pwfile, nobody);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresHarness h = new PostgresHarness(bin, dir, port);
        h.run(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                USER,
                "-A",
                "scram-sha-256",
                "--pwfile=" + pwfile,
                "-E",
                "UTF8",
                "--no-sync");
        h.startServer();
        return h;
    }

    private void startServer() throws IOException, InterruptedException {
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-w",
                "-t",
                "30",
                "-l",
                dir.resolve("log").toString(),
                "-o",
                "-k " + dir + " -h 127.0.0.1 -p " + port + " -c fsync=off",
                "start");
    }

    /**
     * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}: connections cut,
     * recovery from the WAL at the next start); the data directory stays for {@link #startAgain}.
     */
    public void stopAbruptly() throws IOException, InterruptedException {
        run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "immediate", "stop");
    }

    /** Starts the server again on the same data directory and port. */
    public void startAgain() throws IOException, InterruptedException {
        startServer();
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IOException(
                    String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database in this cluster, as a store URL (user {@link #USER}, no password in it). */
    public StoreUrl.Postgres newDatabase() throws SQLException {
        String name = "db" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return new StoreUrl.Postgres(USER, "127.0.0.1", port, name, "disable");
    }

    @Override
    public void close() throws IOException {
        try {
            run(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-w",
                    "-m",
                    "immediate",
                    "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping PostgreSQL", e);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
