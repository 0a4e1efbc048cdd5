package dev.uplink.core.testing;

import dev.uplink.core.net.HostPort;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.KeyType;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Squid (Debian squid-openssl, {@code /usr/sbin/squid}) in a temp dir on loopback ports,
 * one process with several ports so a test class starts it once:
 * <ul>
 *   <li>{@link #allowlistPort()} — only destinations matching the {@code uplink_allowed} ACL,
 *       anything else 403 with {@code X-Squid-Error: ERR_ACCESS_DENIED};</li>
 *   <li>{@link #authPort()} — Basic authentication required (407) for users given;</li>
 *   <li>{@link #bumpPort()} — SSL-bump of every CONNECT, re-signed by {@link #bumpCa()};</li>
 *   <li>{@link #openPort()} — everything allowed;</li>
 *   <li>{@link #tlsPort()} — an HTTPS proxy (TLS to the proxy itself), everything allowed;</li>
 *   <li>{@link #tlsAuthPort()} — an HTTPS proxy requiring Basic authentication like {@link #authPort()}.</li>
 * </ul>
 * Names are resolved from a {@code hosts_file} mapping every name given to 127.0.0.1; other names
 * go to a {@link DnsStub} on 127.53.x.y that answers NXDOMAIN, so Squid never asks a real DNS
 * server (Squid ignores {@code /etc/hosts} entries it cannot find and would otherwise use
 * /etc/resolv.conf).
 *
 * <p>Squid quirks found here (Squid 5.7, Debian 12):
 * <ul>
 *   <li>Run as root, Squid switches to {@code cache_effective_user} (Debian default {@code proxy})
 *       after binding ports, and its helpers (security_file_certgen, basic_ncsa_auth) run as that
 *       user: the whole temp dir is chowned to {@code proxy}.</li>
 *   <li>{@code dns_nameservers} takes addresses only (port 53 fixed); with a nameserver that does
 *       not answer, a request for an unknown name hangs for {@code dns_timeout} (30 s default).</li>
 *   <li>{@code shutdown_lifetime} defaults to 30 s; even at 0 a SIGTERM shutdown takes ~2 s, so
 *       stop() kills the tree instead.</li>
 *   <li>The ssl_db of security_file_certgen must be created with {@code -c} before Squid starts and
 *       must not exist beforehand.</li>
 *   <li>Squid 5.7 reports a name its resolver says does not exist (NXDOMAIN) as
 *       {@code 502 X-Squid-Error: ERR_READ_ERROR}, not the {@code 503 ERR_DNS_FAIL} of older
 *       versions (seen with debug_options 78,3: the NXDOMAIN is parsed correctly).</li>
 *   <li>A stale pid file with a live pid makes Squid refuse to start ("already running"):
 *       start() removes the pid file first.</li>
 *   <li>{@code -N} keeps Squid in the foreground (no master/kid fork), so the process we start is
 *       Squid itself; {@code -n} gives each instance its own service name (shared memory names).</li>
 * </ul>
 */
public final class SquidHarness implements AutoCloseable {

    public static final Path SQUID = Path.of("/usr/sbin/squid");
    public static final Path CERTGEN = Path.of("/usr/lib/squid/security_file_certgen");
    public static final Path NCSA_AUTH = Path.of("/usr/lib/squid/basic_ncsa_auth");
    /** From apache2-utils: writes the Basic-auth password file. */
    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    /** Squid's Kerberos helper (Debian squid-openssl). */
    public static final Path NEGOTIATE_KERBEROS_AUTH = Path.of("/usr/lib/squid/negotiate_kerberos_auth");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path conf;
    private final String serviceName;
    private final int allowlistPort;
    private final int authPort;
    private final int bumpPort;
    private final int openPort;
    private final int tlsPort;
    private final int tlsAuthPort;
    private final KeyAndChain bumpCa;
    private final DnsStub dns;
    private final boolean negotiate;
    private Process process;
    /** Stops Squid if the test JVM exits without close() (a killed run must not leave Squid behind). */
    private final Thread shutdownHook = new Thread(this::stop, "squid-harness-shutdown");

    private SquidHarness(Builder b) throws IOException {
        if (!isAvailable()) {
            throw new IOException(
                    SQUID + " or its helpers are missing: install the Debian packages squid-openssl and apache2-utils");
        }
        dir = Files.createTempDirectory("uplink-squid-");
        serviceName = "uplink" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        int[] ports = freePorts(6);
        allowlistPort = ports[0];
        authPort = ports[1];
        bumpPort = ports[2];
        openPort = ports[3];
        tlsPort = ports[4];
        tlsAuthPort = ports[5];
        // An EC CA works with security_file_certgen and costs milliseconds (RSA keygen: seconds on a busy machine).
        bumpCa = Pki.createCa("uplink test Squid inspection CA", KeyType.EC_P256, Duration.ofDays(2));
        negotiate = b.negotiateKeytab != null;
        DnsStub stub = null;
        try {
            stub = new DnsStub();
            dns = stub;
            conf = writeFiles(b);
        } catch (IOException | RuntimeException e) {
            if (stub != null) {
                stub.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when squid-openssl and its helpers are installed. */
    public static boolean isAvailable() {
        return Files.isExecutable(SQUID)
                && Files.isExecutable(CERTGEN)
                && Files.isExecutable(NCSA_AUTH)
                && Files.isExecutable(HTPASSWD);
    }

    /** Installed, and we are root (the DNS stub needs port 53): use with {@code assumeTrue}. */
    public static boolean canRun() {
        return isAvailable() && "root".equals(System.getProperty("user.name"));
    }

    public int allowlistPort() {
        return allowlistPort;
    }

    public int authPort() {
        return authPort;
    }

    public int bumpPort() {
        return bumpPort;
    }

    public int openPort() {
        return openPort;
    }

    public HostPort allowlistProxy() {
        return new HostPort("127.0.0.1", allowlistPort);
    }

    public HostPort authProxy() {
        return new HostPort("127.0.0.1", authPort);
    }

    public HostPort bumpProxy() {
        return new HostPort("127.0.0.1", bumpPort);
    }

    public HostPort openProxy() {
        return new HostPort("127.0.0.1", openPort);
    }
    /** An HTTPS proxy port (TLS to the proxy, certificate for 127.0.0.1 issued by {@link #bumpCa()}); allows everything. */
    public int tlsPort() {
        return tlsPort;
    }

    public HostPort tlsProxy() {
        return new HostPort("127.0.0.1", tlsPort);
    }

    /** An HTTPS proxy port requiring Basic authentication (the users of {@link Builder#user}). */
    public int tlsAuthPort() {
        return tlsAuthPort;
    }

    public HostPort tlsAuthProxy() {
        return new HostPort("127.0.0.1", tlsAuthPort);
    }
    /** The CA Squid re-signs bumped connections with. */
    public KeyAndChain bumpCa() {
        return bumpCa;
    }

    public X509Certificate bumpCaCertificate() {
        return bumpCa.certificate();
    }
    /** Names Squid asked DNS for (anything not in its hosts file). */
    public List<String> dnsQueries() {
        return dns.queries();
    }

    public Path directory() {
        return dir;
    }

    public String accessLog() throws IOException {
        Path p = dir.resolve("logs/access.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /**
     * What Squid logged since {@code before} (an earlier {@link #accessLog()}), once {@code done}
     * holds for it or after 5 s: Squid writes its log through a helper process, so a line can
     * appear a moment after the answer that it describes.
     */
    public String accessLogSince(String before, java.util.function.Predicate<String> done) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        String added = accessLog().substring(before.length());
        while (!done.test(added) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            added = accessLog().substring(before.length());
        }
        return added;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts Squid (again, on the same ports, after {@link #stop()}) and waits until every port accepts. */
    public synchronized SquidHarness start() throws IOException {
        if (isRunning()) {
            return this;
        }
        Files.deleteIfExists(dir.resolve("squid.pid"));
        ProcessBuilder pb = new ProcessBuilder(SQUID.toString(), "-N", "-f", conf.toString(), "-n", serviceName)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("squid.out").toFile()));
        if (negotiate) {
            // The Kerberos helper inherits these: the proxy's keytab and the test realm, no replay cache file.
            pb.environment().put("KRB5_KTNAME", "FILE:" + dir.resolve("proxy.keytab"));
            pb.environment().put("KRB5_CONFIG", dir.resolve("krb5.conf").toString());
            pb.environment().put("KRB5RCACHETYPE", "none");
        }
        process = pb.start();
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalArgumentException alreadyRegistered) {
            // registered by an earlier start()
        }
        long end = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException(
                        "squid exited with " + process.exitValue() + " during start-up:\n" + diagnostics());
            }
            if (accepts(allowlistPort)
                    && accepts(authPort)
                    && accepts(bumpPort)
                    && accepts(openPort)
                    && accepts(tlsPort)
                    && accepts(tlsAuthPort)) {
                return this;
            }
            sleep(50);
        }
        stop();
        throw new IOException(
                "squid did not open its ports within " + READY_TIMEOUT.toSeconds() + " s:\n" + diagnostics());
    }

    /**
     * Stops Squid and its helpers at once (SIGKILL of Squid, then of the helpers it had started):
     * a graceful SIGTERM costs about 2 s even with {@code shutdown_lifetime 0}, and a test proxy
     * has nothing to flush.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> helpers = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : helpers) {
            h.destroyForcibly();
        }
        // Bounded wait for the helpers to die. Orphaned, they stay zombies until init reaps them
        // (about a second here): a zombie runs nothing, so it counts as gone.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (helpers.stream().anyMatch(SquidHarness::running) && System.nanoTime() < end) {
            sleep(10);
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // JVM already shutting down, or never started
        }
        dns.close();
        deleteTree(dir);
    }

    /** The tail of Squid's logs, for failure messages. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("squid.out", "logs/cache.log")) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                    sb.append("--- ").append(f).append('\n');
                    lines.subList(Math.max(0, lines.size() - 30), lines.size())
                            .forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException e) {
                sb.append("(cannot read ")
                        .append(f)
                        .append(": ")
                        .append(e.getMessage())
                        .append(")\n");
            }
        }
        return sb.toString();
    }

    private Path writeFiles(Builder b) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Path caPem = dir.resolve("bump-ca.pem");
        Path caKey = dir.resolve("bump-ca.key");
        Pem.write(bumpCa, caPem, caKey);
        Pem.write(
                Pki.issueServer(bumpCa, List.of("127.0.0.1", "localhost")),
                dir.resolve("proxy-cert.pem"),
                dir.resolve("proxy-key.pem"));
        Path sslDb = dir.resolve("ssl_db");
        run(List.of(CERTGEN.toString(), "-c", "-s", sslDb.toString(), "-M", "4MB"));
        Path htpasswd = dir.resolve("users.htpasswd");
        Files.writeString(htpasswd, "");
        for (Map.Entry<String, String> u : b.users.entrySet()) {
            // htpasswd -m: Apache MD5 ($apr1$), which basic_ncsa_auth verifies itself.
            run(List.of(HTPASSWD.toString(), "-b", "-m", htpasswd.toString(), u.getKey(), u.getValue()));
        }
        StringBuilder hosts = new StringBuilder();
        for (String name : b.hostNames) {
            hosts.append("127.0.0.1 ").append(name).append('\n');
        }
        Files.writeString(dir.resolve("hosts"), hosts.toString());
        String outgoing = "";
        if (!b.originCas.isEmpty()) {
            Path originCa = dir.resolve("origin-ca.pem");
            Pem.writeCertificates(b.originCas, originCa);
            outgoing = "tls_outgoing_options cafile=" + originCa + "\n";
        }
        String include = "";
        String regexAccess = "";
        if (b.allowlistInclude != null) {
            // Inside the Squid dir: handed to the proxy user with the rest, deleted with it.
            Path copy = dir.resolve("allowlist.conf");
            Files.writeString(copy, b.allowlistInclude);
            include = "include " + copy + "\n";
            if (b.allowlistInclude.lines().anyMatch(l -> l.startsWith("acl uplink_allowed_regex "))) {
                regexAccess = "http_access allow port_allowlist uplink_allowed_regex\n";
            }
        }
        String negotiateAuth = "";
        if (b.negotiateKeytab != null) {
            Files.copy(b.negotiateKeytab, dir.resolve("proxy.keytab"));
            Files.copy(b.krb5Conf, dir.resolve("krb5.conf"));
            // After Basic, so that the auth ports keep offering Basic first.
            negotiateAuth = "auth_param negotiate program " + NEGOTIATE_KERBEROS_AUTH + " -s GSS_C_NO_NAME\n"
                    + "auth_param negotiate children 2 startup=1 idle=1\n"
                    + "auth_param negotiate keep_alive on\n";
        }
        String d = dir.toString();
        String config = """
                # generated by SquidHarness (uplink tests)
                http_port 127.0.0.1:%d name=allowlist
                http_port 127.0.0.1:%d name=auth
                http_port 127.0.0.1:%d name=bump ssl-bump generate-host-certificates=on dynamic_cert_mem_cache_size=4MB tls-cert=%s/bump-ca.pem tls-key=%s/bump-ca.key
                http_port 127.0.0.1:%d name=open
                https_port 127.0.0.1:%d name=tls tls-cert=%s/proxy-cert.pem tls-key=%s/proxy-key.pem
                https_port 127.0.0.1:%d name=tlsauth tls-cert=%s/proxy-cert.pem tls-key=%s/proxy-key.pem
                sslcrtd_program %s -s %s/ssl_db -M 4MB
                sslcrtd_children 2 startup=1 idle=1
                %sauth_param basic program %s %s/users.htpasswd
                auth_param basic realm uplink-test
                auth_param basic children 2 startup=1 idle=1
                %sacl port_allowlist myportname allowlist
                acl port_auth myportname auth
                acl port_bump myportname bump
                acl port_open myportname open
                acl port_tls myportname tls
                acl port_tlsauth myportname tlsauth
                %s
                %sacl authenticated proxy_auth REQUIRED
                http_access allow port_open
                http_access allow port_tls
                http_access allow port_bump
                http_access allow port_auth authenticated
                http_access deny port_auth
                http_access allow port_tlsauth authenticated
                http_access deny port_tlsauth
                http_access allow port_allowlist uplink_allowed
                %shttp_access deny all
                ssl_bump bump all
                hosts_file %s/hosts
                dns_nameservers %s
                dns_timeout 5 seconds
                pid_filename %s/squid.pid
                access_log stdio:%s/logs/access.log
                cache_log %s/logs/cache.log
                cache_store_log none
                cache deny all
                coredump_dir %s
                netdb_filename none
                pinger_enable off
                shutdown_lifetime 0 seconds
                visible_hostname uplink-test-squid
                """.formatted(
                        allowlistPort,
                        authPort,
                        bumpPort,
                        d,
                        d,
                        openPort,
                        tlsPort,
                        d,
                        d,
                        tlsAuthPort,
                        d,
                        d,
                        CERTGEN,
                        d,
                        outgoing,
                        NCSA_AUTH,
                        d,
                        negotiateAuth,
                        String.join("\n", b.aclLines),
                        include,
                        regexAccess,
                        d,
                        dns.address().getHostAddress(),
                        d,
                        d,
                        d,
                        d);
        Path confFile = dir.resolve("squid.conf");
        Files.writeString(confFile, config);
        handToSquidUser();
        return confFile;
    }

    /** Squid and its helpers run as {@code proxy} once started by root: give them the directory. */
    private void handToSquidUser() throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName("proxy");
            group = lookup.lookupPrincipalByGroupName("proxy");
        } catch (UserPrincipalNotFoundException e) {
            return; // no proxy user: Squid keeps running as whoever started it
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                v.setOwner(user);
                v.setGroup(group);
            }
        }
    }

    private void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("setup.out").toFile()))
                .start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                    + Files.readString(dir.resolve("setup.out")));
        }
    }

    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two checks
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            held.forEach(TlsOrigin::closeQuietly);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // temp files: best effort
        }
    }

    public static final class Builder {
        private final List<String> aclLines = new ArrayList<>();
        private final List<String> hostNames = new ArrayList<>();
        private final List<X509Certificate> originCas = new ArrayList<>();
        private final Map<String, String> users = new java.util.LinkedHashMap<>();
        private String allowlistInclude;
        private Path negotiateKeytab;
        private Path krb5Conf;

        /**
         * The auth ports also offer Negotiate (after Basic), checked by negotiate_kerberos_auth with
         * {@code proxyKeytab} (any service principal in it) in the realm of {@code krb5Conf}.
         */
        public Builder negotiate(Path proxyKeytab, Path krb5Conf) {
            this.negotiateKeytab = proxyKeytab;
            this.krb5Conf = krb5Conf;
            return this;
        }

        /**
         * The allowlist port uses this ACL file as {@code uplink urls --format squid} writes it
         * (included as-is): its {@code uplink_allowed} and, when defined, {@code uplink_allowed_regex}.
         */
        public Builder allowlistInclude(String squidAclFile) {
            allowlistInclude = squidAclFile;
            return this;
        }

        /** Allowlist destinations by domain: {@code .example.com} matches the domain and its subdomains. */
        public Builder allowDomains(String... domains) {
            return allowAcl("acl uplink_allowed dstdomain " + String.join(" ", domains));
        }

        /** A raw ACL line defining {@code uplink_allowed}, e.g. {@code acl uplink_allowed dstdomain .example.com}. */
        public Builder allowAcl(String aclLine) {
            if (!aclLine.startsWith("acl uplink_allowed ") || aclLine.contains("\n") || aclLine.contains("\r")) {
                throw new IllegalArgumentException(
                        "expected one line 'acl uplink_allowed <type> <values>', got: " + aclLine);
            }
            aclLines.add(aclLine);
            return this;
        }

        /** Names Squid resolves to 127.0.0.1 (its hosts_file). */
        public Builder hosts(String... names) {
            hostNames.addAll(List.of(names));
            return this;
        }

        /** CA Squid trusts when it connects to origins itself (the bumped connections). */
        public Builder trustOrigin(X509Certificate ca) {
            originCas.add(ca);
            return this;
        }

        /** A user for the auth port. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** Writes the configuration and starts Squid. */
        public SquidHarness start() throws IOException {
            if (aclLines.isEmpty() && (allowlistInclude == null || !allowlistInclude.contains("acl uplink_allowed "))) {
                // An allowlist that allows nothing: every destination on the allowlist port is denied.
                aclLines.add("acl uplink_allowed dstdomain .invalid");
            }
            SquidHarness h = new SquidHarness(this);
            try {
                return h.start();
            } catch (IOException | RuntimeException e) {
                h.close();
                throw e;
            }
        }
    }
}
