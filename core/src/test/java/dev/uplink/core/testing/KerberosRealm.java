package dev.uplink.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TEST ONLY: a real MIT Kerberos realm in a temporary directory (Debian krb5-kdc, krb5-admin-server):
 * {@code kdb5_util create -s}, principals with random keys written to keytabs by
 * {@code kadmin.local}, and {@code krb5kdc} in the foreground on a free loopback port.
 *
 * <p>Quirks found here (krb5 1.20, Debian 12):
 * <ul>
 *   <li>The KDC runs as {@code nobody} when the tests run as root (as PostgresHarness does for
 *       PostgreSQL), through {@code runuser}: the directory and database are handed to {@code nobody};
 *       {@code kadmin.local} keeps running as root (it may use nobody's files), so keytabs are
 *       root's, mode 0600.</li>
 *   <li>Without {@code kdc_listen}/{@code kdc_tcp_listen} the KDC binds the wildcard address;
 *       both name 127.0.0.1 here.</li>
 *   <li>{@code KRB5_CONFIG} and {@code KRB5_KDC_PROFILE} point every tool at this realm's files,
 *       never at /etc.</li>
 *   <li>A KDC started with a clock offset runs under {@code faketime} (libfaketime): the MIT
 *       client tools correct for a skewed KDC (kdc_timesync), the JDK's Kerberos does not, so a JDK
 *       client sees the KDC's KRB_AP_ERR_SKEW.</li>
 * </ul>
 */
public final class KerberosRealm implements AutoCloseable {

    public static final String REALM = "UPLINK.TEST";
    public static final Path KRB5KDC = Path.of("/usr/sbin/krb5kdc");
    public static final Path KDB5_UTIL = Path.of("/usr/sbin/kdb5_util");
    public static final Path KADMIN_LOCAL = Path.of("/usr/sbin/kadmin.local");
    public static final Path FAKETIME = Path.of("/usr/bin/faketime");

    private final Path dir;
    private final List<Process> kdcs = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "kerberos-realm-shutdown");

    private KerberosRealm(Path dir) {
        this.dir = dir;
    }

    /** The MIT KDC and admin tools are installed: use with {@code assumeTrue}. */
    public static boolean isAvailable() {
        return Files.isExecutable(KRB5KDC) && Files.isExecutable(KDB5_UTIL) && Files.isExecutable(KADMIN_LOCAL);
    }

    /** A new realm with its database; no KDC runs yet ({@link #startKdc}). */
    public static KerberosRealm create() throws IOException {
        Path dir = Files.createTempDirectory("uplink-krb5-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        KerberosRealm r = new KerberosRealm(dir);
        Files.writeString(dir.resolve("kadm5.acl"), "*/admin@" + REALM + " *\n");
        r.run(List.of(KDB5_UTIL.toString(), "create", "-s", "-r", REALM, "-P", "uplink-test-master", "-W"), 0);
        Runtime.getRuntime().addShutdownHook(r.shutdownHook);
        return r;
    }

    public Path directory() {
        return dir;
    }

    /** A principal with a random key, its keys written to a new keytab (mode 0600, owned by the test). */
    public Path addPrincipalWithKeytab(String principal, String keytabName) throws IOException {
        kadmin("addprinc -randkey " + principal);
        return exportKeytab(principal, keytabName);
    }

    /** Writes the principal's current keys to a new keytab (ktadd also gives it a new key and version). */
    public Path exportKeytab(String principal, String keytabName) throws IOException {
        Path keytab = dir.resolve(keytabName);
        Files.deleteIfExists(keytab);
        kadmin("ktadd -k " + keytab + " " + principal);
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        return keytab;
    }

    /** Any {@code kadmin.local} query, e.g. {@code modprinc -maxlife "10 seconds" host/x}. */
    public void kadmin(String query) throws IOException {
        run(List.of(KADMIN_LOCAL.toString(), "-r", REALM, "-q", query), 0);
    }

    /**
     * Starts a KDC for this realm on a free loopback port, its clock {@code offsetSeconds} away
     * from the real one (0: no faketime), and writes a krb5.conf naming it; returns that file.
     */
    public Path startKdc(String name, long offsetSeconds) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path kdcConf = dir.resolve(name + "-kdc.conf");
        Files.writeString(kdcConf, """
                [kdcdefaults]
                  kdc_listen = 127.0.0.1:%1$d
                  kdc_tcp_listen = 127.0.0.1:%1$d
                [realms]
                  %2$s = {
                    database_name = %3$s/principal
                    key_stash_file = %3$s/.k5.%2$s
                    acl_file = %3$s/kadm5.acl
                    max_life = 10h
                    max_renewable_life = 1d
                  }
                [logging]
                  kdc = FILE:%3$s/%4$s-kdc.log
                """.formatted(port, REALM, dir, name));
        Path krb5Conf = dir.resolve(name + "-krb5.conf");
        Files.writeString(krb5Conf, """
                [libdefaults]
                  default_realm = %1$s
                  dns_lookup_kdc = false
                  dns_lookup_realm = false
                  dns_canonicalize_hostname = false
                  rdns = false
                  udp_preference_limit = 1
                [realms]
                  %1$s = {
                    kdc = 127.0.0.1:%2$d
                  }
                [domain_realm]
                  .uplink.test = %1$s
                  uplink.test = %1$s
                """.formatted(REALM, port));
        handToNobody();
        List<String> cmd = new ArrayList<>(asNobody());
        cmd.addAll(List.of("env", "KRB5_CONFIG=" + krb5Conf, "KRB5_KDC_PROFILE=" + kdcConf));
        if (offsetSeconds != 0) {
            cmd.addAll(List.of(FAKETIME.toString(), "-f", (offsetSeconds > 0 ? "+" : "") + offsetSeconds + "s"));
        }
        cmd.addAll(List.of(KRB5KDC.toString(), "-n", "-r", REALM));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-kdc.out").toFile())
                .start();
        synchronized (kdcs) {
            kdcs.add(p);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("krb5kdc exited: " + log(name));
            }
            if (accepts(port)) {
                return krb5Conf;
            }
            sleep(50);
        }
        throw new IOException("krb5kdc did not listen on 127.0.0.1:" + port + ": " + log(name));
    }

    private String log(String name) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of(name + "-kdc.out", name + "-kdc.log")) {
            try {
                sb.append("\n--- ").append(f).append('\n').append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                sb.append("\n(no ").append(f).append(')');
            }
        }
        return sb.toString();
    }

    /** The KDC's own log lines of instance {@code name} (AS_REQ / TGS_REQ and their results). */
    public String kdcLog(String name) {
        return log(name);
    }

    private List<String> asNobody() {
        return "root".equals(System.getProperty("user.name")) ? List.of("runuser", "-u", "nobody", "--") : List.of();
    }

    /** The database becomes nobody's (the KDC runs as nobody); keytabs stay the test's. */
    private void handToNobody() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody); // the KDC creates its log and lock files here
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("principal") || n.startsWith(".k5.") || n.endsWith(".log")) {
                    Files.setOwner(f, nobody);
                }
            }
        }
    }

    private void run(List<String> command, int expectedExit) throws IOException {
        // As the test's user (root can use the database nobody owns; keytabs stay the test's).
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KRB5_CONFIG", dir.resolve("tools-krb5.conf").toString());
        pb.environment().put("KRB5_KDC_PROFILE", dir.resolve("tools-kdc.conf").toString());
        writeToolConfig();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != expectedExit) {
                p.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void writeToolConfig() throws IOException {
        Path kdc = dir.resolve("tools-kdc.conf");
        if (Files.exists(kdc)) {
            return;
        }
        Files.writeString(kdc, """
                [realms]
                  %1$s = {
                    database_name = %2$s/principal
                    key_stash_file = %2$s/.k5.%1$s
                    acl_file = %2$s/kadm5.acl
                  }
                """.formatted(REALM, dir));
        Files.writeString(dir.resolve("tools-krb5.conf"), """
                [libdefaults]
                  default_realm = %s
                  dns_lookup_kdc = false
                """.formatted(REALM));
    }

    private void stopAll() {
        synchronized (kdcs) {
            for (Process p : kdcs) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            kdcs.clear();
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // temp files: best effort
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
