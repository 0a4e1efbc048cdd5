package dev.uplink.cli.collector;

import dev.uplink.cli.MetricsListener;
import dev.uplink.cli.log.LogOptions;
import dev.uplink.collector.control.ControlSocketServer;
import dev.uplink.collector.control.StoreIdentity;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.http.IngestWarmUp;
import dev.uplink.collector.metrics.CollectorMetrics;
import dev.uplink.collector.store.Housekeeping;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreException;
import dev.uplink.collector.tls.OperatorCertificate;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.tls.KeyAndChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector run}: serves until SIGTERM/SIGINT, then stops cleanly. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the collector service (HTTPS) until SIGTERM or Ctrl-C.",
            "Endpoints: POST /v1/events (device-authenticated uploads), POST /v1/enroll",
            "(one-time enrollment tokens), GET /ping and GET /healthz. Events are stored",
            "in DIR/collector.db (SQLite) or in PostgreSQL (--store postgresql://...; run",
            "'collector migrate' first) and acknowledged only after the commit."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector run --listen 0.0.0.0:8443 --data /var/lib/uplink-collector \\",
            "      --self-signed --san collector.corp.example",
            "  uplink collector run --listen 10.0.0.5:443 --data /srv/collector \\",
            "      --tls-cert cert.pem --tls-key key.pem",
            "  uplink collector run --listen 0.0.0.0:443 --store postgresql://uplink@db.corp.example/uplink \\",
            "      --tls-cert cert.pem --tls-key key.pem --retain 30d"
        })
public class CollectorRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Address to listen on, e.g. 0.0.0.0:8443, 127.0.0.1:9443 or [::]:8443.")
    String listen;

    /** --data DIR (created with mode 0700 if missing: database, self-signed CA) or --store URL. */
    @Mixin
    StoreOptions storeOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Tls tls;

    static class Tls {
        @ArgGroup(exclusive = false)
        PemFiles files;

        @Option(
                names = "--self-signed",
                required = true,
                description =
                        "Use a CA kept in DIR (ca.pem, ca-key.pem; made on first use) and issue a fresh server"
                                + " certificate for the listen host, --san names and loopback. Onboarding files include ca.pem.")
        boolean selfSigned;
    }

    static class PemFiles {
        @Option(
                names = "--tls-cert",
                required = true,
                paramLabel = "PEM",
                description = "Server certificate chain (PEM, leaf first).")
        Path cert;

        @Option(
                names = "--tls-key",
                required = true,
                paramLabel = "PEM",
                description = "Server private key (unencrypted PEM).")
        Path key;
    }

    @Option(
            names = "--san",
            paramLabel = "NAME",
            description =
                    "Extra host name or IP for the self-signed server certificate (repeatable): the name sensors use in the URL.")
    List<String> sans = new ArrayList<>();

    @Option(
            names = "--retain",
            paramLabel = "DURATION",
            description = "Keep events for DURATION (at least 1d, e.g. 30d), removing older ones at start and every"
                    + " hour: PostgreSQL drops whole day partitions (by the event's own time), SQLite deletes rows"
                    + " (by arrival time). Default: keep everything.")
    String retain;

    @Option(
            names = "--metrics-listen",
            paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics over plain HTTP at http://HOST:PORT/metrics (default: off)."
                    + " Anyone who can reach it can read them: use a loopback address, e.g. 127.0.0.1:9464.")
    String metricsListen;

    @Option(
            names = "--no-warm-up",
            description = "Take connections at once, without first running ~120,000 synthetic events through the"
                    + " ingest path (decoding; for a SQLite store also storing, in a scratch store that is deleted"
                    + " afterwards, most of them over HTTPS to a scratch server on a loopback port). The warm-up takes 1-5 s and makes the first minutes of ingest as fast as the"
                    + " rest (docs/behaviour.md#collector-warm-up).")
    boolean noWarmUp;

    @Option(
            names = "--control-socket",
            paramLabel = "PATH",
            description = "Answer 'collector health' of this host's administrators (this user and root) on a Unix"
                    + " socket at PATH. Default: DIR/control.sock with --data DIR; none with --store URL"
                    + " (docs/behaviour.md#control-socket).")
    Path controlSocket;

    @Option(
            names = "--no-control-socket",
            description = "No control socket: store commands on this host open the store themselves.")
    boolean noControlSocket;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        logOptions.apply();
        // The store URL first: a bad one is refused before anything is bound or created.
        Path data = storeOptions.dataDir();
        if (tls.selfSigned && data == null) {
            throw new InvalidInputException(
                    "--self-signed keeps its CA in a data directory (--data DIR or --store sqlite:DIR);"
                            + " with --store " + storeOptions.url().display()
                            + " give --tls-cert and --tls-key (the same certificate on every collector)");
        }
        if (noControlSocket && controlSocket != null) {
            throw new InvalidInputException("--control-socket and --no-control-socket: give one of them");
        }
        Duration retainFor = retain == null ? null : Housekeeping.parseRetain(retain, "--retain");
        HostPort hp = HostPort.parse(listen, "--listen");
        if (metricsListen != null) {
            HostPort.parse(metricsListen, "--metrics-listen"); // refused before anything is bound
        }
        InetSocketAddress address = resolve(hp);
        List<String> names = new ArrayList<>();
        for (String san : sans) {
            names.add(HostPort.normaliseHost(
                    san.startsWith("[") && san.endsWith("]") ? san.substring(1, san.length() - 1) : san, "--san"));
        }
        // Validate the operator's certificate before touching the data directory: nothing written on bad input.
        KeyAndChain identity = tls.files != null ? OperatorCertificate.load(tls.files.cert, tls.files.key) : null;
        CollectorServer server;
        try {
            server = CollectorServer.bind(address);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + hp + ": " + e.getMessage(), e);
        }
        // The metrics port is bound before the store is opened too: a busy port creates nothing on disk.
        CollectorMetrics metrics = new CollectorMetrics();
        MetricsListener metricsListener;
        try {
            metricsListener = metricsListen == null
                    ? null
                    : MetricsListener.start(metricsListen, "--metrics-listen", metrics.registry());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Store store;
        Path trustFile;
        Housekeeping housekeeping;
        try {
            store = storeOptions.open();
        } catch (RuntimeException e) {
            closeQuietly(metricsListener);
            server.close();
            throw e;
        }
        try {
            if (identity == null) {
                names.add(0, hp.host());
                identity = SelfSignedCa.issueServer(SelfSignedCa.loadOrCreate(data), names);
                trustFile = data.resolve(SelfSignedCa.CA_FILE);
            } else {
                trustFile = tls.files.cert;
            }
            housekeeping = new Housekeeping(store, retainFor, Clock.systemUTC());
            firstPass(housekeeping);
            if (!noWarmUp) {
                // Before the first connection is served: the compilations it causes would otherwise run
                // during the first sensors' deliveries (docs/behaviour.md#collector-warm-up).
                IngestWarmUp.run(CollectorLimits.defaults(), data != null);
            }
            server.fixLists(new AnalyzerFixLists())
                    .serve(
                            identity,
                            store,
                            CollectorLimits.defaults(),
                            Clock.systemUTC(),
                            metrics.withDevices(store::devices));
        } catch (RuntimeException e) {
            closeQuietly(metricsListener);
            server.close();
            store.close();
            throw e;
        }
        ControlSocketServer control = startControlSocket(data, store);
        Housekeeping hk = housekeeping;
        hk.schedule(Housekeeping.INTERVAL);
        MetricsListener metricsServer = metricsListener;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (control != null) {
                                control.close();
                            }
                            hk.close();
                            if (metricsServer != null) {
                                metricsServer.close();
                            }
                            server.close();
                            store.close();
                            stopped.countDown();
                        },
                        "collector-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        int port = server.address().getPort();
        out.println("collector listening on https://" + new HostPort(hp.host(), port) + " ("
                + (data != null ? "data " + data : "store " + storeOptions.url().display())
                + (tls.selfSigned ? ", CA " : ", certificate ") + trustFile + ")");
        if (metricsServer != null) {
            out.println("metrics on " + metricsServer.url());
        }
        if (control != null) {
            out.println("control socket " + control.path());
        }
        out.println("dashboard on https://" + new HostPort(hp.host(), port) + "/ui/ (operators: 'uplink collector"
                + " operators add NAME')");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The control socket, or null: none asked for, or it cannot be made (a warning; the service runs
     * without it, and store commands open the store themselves).
     */
    private ControlSocketServer startControlSocket(Path data, Store store) {
        Path path = noControlSocket
                ? null
                : controlSocket != null
                        ? controlSocket
                        : data != null ? data.resolve(ControlSocketServer.FILE_NAME) : null;
        if (path == null) {
            return null;
        }
        try {
            return ControlSocketServer.start(
                    path,
                    StoreIdentity.of(storeOptions.url()),
                    new HealthControl(store.health(), Clock.systemUTC()),
                    ControlSocketServer.Limits.defaults());
        } catch (IOException | RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: no control socket (" + e.getMessage() + "): store commands on this host open the"
                    + " store themselves");
            err.flush();
            return null;
        }
    }

    /**
     * Partitions for the coming days exist before the first event arrives. A pass that fails (a lock
     * timeout while another collector works on the same database) does not stop the start: events
     * of days without a partition wait in the default one, and the next pass runs within the hour.
     */
    private void firstPass(Housekeeping housekeeping) {
        try {
            housekeeping.runOnce();
        } catch (StoreException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: store housekeeping failed at start, trying again within the hour: " + e.getMessage());
            err.flush();
        }
    }

    private static void closeQuietly(MetricsListener listener) {
        if (listener != null) {
            listener.close();
        }
    }

    private static InetSocketAddress resolve(HostPort hp) {
        try {
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new InvalidInputException(
                    "--listen " + hp + ": cannot resolve '" + hp.host() + "' to a local address");
        }
    }
}
