package dev.uplink.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.auth.Secrets;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A fleet of simulated devices against one or more collectors (docs/scaling.md#fleet-simulation):
 * every device has its own credential, enrolled through the real path (a one-time token issued in the
 * store, redeemed with {@code POST /v1/enroll} on a collector), then sends, round after round, a
 * heartbeat and a small gzipped batch to its collector with its own {@code Authorization}; a collector
 * that does not answer is failed over to the next, as the sensor does. Bounded: {@code devices x rounds}
 * uploads, {@code concurrency} at a time, nothing started after the deadline. Any answer but 200 with
 * every event accepted, or no collector answering, is an error. Not a test: {@code bench/collector/fleet.sh}
 * runs it; {@code FleetSimulatorTest} checks the generator itself with a few devices.
 */
public final class FleetSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to simulate. */
    public record Options(
            List<URI> collectors,
            List<X509Certificate> trust,
            int devices,
            int rounds,
            int batchEvents,
            int concurrency,
            Duration deadline) {}

    /** Latency percentiles in milliseconds over {@code count} requests. */
    public record Latency(int count, double p50, double p99, double max) {
        static Latency of(long[] nanos, int count) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            if (count == 0) {
                return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(
                    count,
                    sorted[Math.min(count - 1, (int) (0.50 * count))] / 1e6,
                    sorted[Math.min(count - 1, (int) (0.99 * count))] / 1e6,
                    sorted[count - 1] / 1e6);
        }

        @Override
        public String toString() {
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d requests)", p50, p99, max, count);
        }
    }

    /** The outcome; {@code errors} must be 0. */
    public record Report(
            int enrolled,
            long uploads,
            long eventsAccepted,
            long errors,
            List<String> firstErrors,
            long failovers,
            List<String> firstFailoverReasons,
            Latency enroll,
            Latency heartbeat,
            Latency batch,
            Duration enrollTime,
            Duration uploadTime) {}

    private final Options options;
    private final HttpClient client;
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    private final AtomicLong failovers = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failoverReasons = new ConcurrentLinkedQueue<>();

    public FleetSimulator(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(Pki.sslContext(null, TrustMaterial.only(options.trust())))
                .connectTimeout(Duration.ofSeconds(10))
                .proxy(java.net.ProxySelector.of(null))
                .build();
    }

    /** Issues one token per device in {@code store}, enrolls every device, then runs the upload rounds. */
    public Report run(Store store) throws Exception {
        int n = options.devices();
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
        try {
            long deadline = System.nanoTime() + options.deadline().toNanos();
            // Enrollment: a token per device (the store's API, as `collector onboarding-package` does),
            // redeemed over HTTPS, spread over the collectors.
            EnrollmentService issuer = new EnrollmentService(store.tokens(), Clock.systemUTC());
            long[] enrollNanos = new long[n];
            AtomicInteger enrollCount = new AtomicInteger();
            IdAndSecret[] credentials = new IdAndSecret[n];
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int device = i;
                done.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        error("device " + device + ": deadline passed before enrollment");
                        return null;
                    }
                    IdAndSecret token = issuer.issue(Duration.ofHours(2)).token();
                    long start = System.nanoTime();
                    // As the sensor does: the device chooses its secret, so a retry after a lost
                    // answer (on the other collector) gets the same device (docs/behaviour.md#enrolment).
                    String secret = Secrets.newSecret();
                    byte[] body = json(
                            Map.of("token", token.reveal(), "deviceName", "sim-" + device, "deviceSecret", secret));
                    HttpResponse<byte[]> r =
                            post(device, "/v1/enroll", body, Map.of("Content-Type", "application/json"));
                    if (r == null) {
                        return null;
                    }
                    enrollNanos[enrollCount.getAndIncrement()] = System.nanoTime() - start;
                    JsonNode a = JSON.readTree(r.body());
                    if (r.statusCode() != 200) {
                        error("device " + device + ": enrollment HTTP " + r.statusCode() + " "
                                + a.path("error").asText());
                        return null;
                    }
                    credentials[device] = new IdAndSecret(
                            a.path("deviceId").asText(), a.path("deviceSecret").asText(secret));
                    return null;
                }));
            }
            await(done);
            long t1 = System.nanoTime();
            // Uploads: round by round, every enrolled device a heartbeat then a small batch.
            int total = n * options.rounds();
            long[] heartbeatNanos = new long[total];
            long[] batchNanos = new long[total];
            AtomicInteger heartbeats = new AtomicInteger();
            AtomicInteger batches = new AtomicInteger();
            AtomicLong accepted = new AtomicLong();
            AtomicLong uploads = new AtomicLong();
            done.clear();
            for (int round = 0; round < options.rounds(); round++) {
                for (int i = 0; i < n; i++) {
                    int device = i;
                    int r = round;
                    done.add(pool.submit(() -> {
                        IdAndSecret credential = credentials[device];
                        if (credential == null) {
                            return null; // its enrollment already counted as an error
                        }
                        if (System.nanoTime() > deadline) {
                            error("device " + device + ": deadline passed before round " + r);
                            return null;
                        }
                        String heartbeat =
                                "{\"type\":\"heartbeat\",\"round\":" + r + ",\"uptimeSeconds\":" + (60 * r) + "}";
                        upload(device, credential, List.of(heartbeat), heartbeatNanos, heartbeats, accepted, uploads);
                        List<String> small = new ArrayList<>();
                        for (int e = 0; e < options.batchEvents(); e++) {
                            small.add("{\"type\":\"process_start\",\"round\":" + r + ",\"pid\":" + (1000 + e)
                                    + ",\"image\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\","
                                    + "\"cmdline\":\"svchost.exe -k netsvcs -p -s Schedule\"}");
                        }
                        upload(device, credential, small, batchNanos, batches, accepted, uploads);
                        return null;
                    }));
                }
            }
            await(done);
            long t2 = System.nanoTime();
            return new Report(
                    enrollCount.get(),
                    uploads.get(),
                    accepted.get(),
                    errors.get(),
                    List.copyOf(firstErrors),
                    failovers.get(),
                    List.copyOf(failoverReasons),
                    Latency.of(enrollNanos, enrollCount.get()),
                    Latency.of(heartbeatNanos, heartbeats.get()),
                    Latency.of(batchNanos, batches.get()),
                    Duration.ofNanos(t1 - t0),
                    Duration.ofNanos(t2 - t1));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void upload(
            int device,
            IdAndSecret credential,
            List<String> payloads,
            long[] nanos,
            AtomicInteger count,
            AtomicLong accepted,
            AtomicLong uploads)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String p : payloads) {
            lines.append("{\"id\":\"")
                    .append(UUID.randomUUID())
                    .append("\",\"payload\":")
                    .append(p)
                    .append("}\n");
        }
        byte[] body = gzip(lines.toString().getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        HttpResponse<byte[]> r = post(
                device,
                "/v1/events",
                body,
                Map.of("Authorization", "Bearer " + credential.reveal(), "Content-Encoding", "gzip"));
        if (r == null) {
            return;
        }
        nanos[count.getAndIncrement()] = System.nanoTime() - start;
        uploads.incrementAndGet();
        JsonNode a = JSON.readTree(r.body());
        if (r.statusCode() != 200 || a.path("accepted").asInt(-1) != payloads.size()) {
            error("device " + device + ": upload HTTP " + r.statusCode() + " " + a);
            return;
        }
        accepted.addAndGet(payloads.size());
    }

    /** POSTs to the device's collector, failing over to the next when it does not answer; null after an error. */
    private HttpResponse<byte[]> post(int device, String path, byte[] body, Map<String, String> headers) {
        List<URI> collectors = options.collectors();
        IOException last = null;
        for (int k = 0; k < collectors.size(); k++) {
            URI base = collectors.get((device + k) % collectors.size());
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            try {
                if (k > 0) {
                    failovers.incrementAndGet();
                }
                return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = e;
                if (failoverReasons.size() < 5) {
                    failoverReasons.add(base + path + ": " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error("device " + device + ": interrupted");
                return null;
            }
        }
        error("device " + device + ": no collector answered " + path + ": " + last);
        return null;
    }

    private void error(String what) {
        if (errors.incrementAndGet() <= 10) {
            firstErrors.add(what);
        }
    }

    private void await(List<Future<?>> done) throws Exception {
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                error("generator: " + e.getCause());
            }
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code FleetSimulator STORE_URL CA_PEM DEVICES ROUNDS BATCH_EVENTS CONCURRENCY DEADLINE_SECONDS URL...}
     * (PostgreSQL password in UPLINK_STORE_PASSWORD). Prints the report; exit 1 when there was an error
     * or when the store does not hold exactly the events the collectors acknowledged.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: FleetSimulator postgresql://... CA_PEM DEVICES ROUNDS BATCH_EVENTS"
                    + " CONCURRENCY DEADLINE_SECONDS https://COLLECTOR...");
            System.exit(2);
        }
        StoreUrl.Postgres url = (StoreUrl.Postgres) StoreUrl.parse(args[0], "store");
        List<URI> collectors =
                Arrays.stream(args, 7, args.length).map(URI::create).toList();
        Options o = new Options(
                collectors,
                Pem.readCertificates(Path.of(args[1])),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]),
                Integer.parseInt(args[5]),
                Duration.ofSeconds(Long.parseLong(args[6])));
        try (PostgresStore store = PostgresStore.open(url, System.getenv("UPLINK_STORE_PASSWORD"))) {
            long before = store.events().count(null);
            Report r = new FleetSimulator(o).run(store);
            long stored = store.events().count(null) - before;
            long withEvents = store.devices().list().stream()
                    .filter(d -> d.lastSeenAt() != null)
                    .count();
            System.out.printf(
                    "fleet: %,d devices, %d rounds (heartbeat + %d-event batch), %d in flight, %d collectors%n",
                    o.devices(), o.rounds(), o.batchEvents(), o.concurrency(), collectors.size());
            System.out.printf(
                    "enrolled %,d in %.1f s; enroll latency %s%n",
                    r.enrolled(), r.enrollTime().toMillis() / 1e3, r.enroll());
            System.out.printf(
                    "uploads %,d in %.1f s = %,.0f uploads/s, %,d events acknowledged, %,d stored, %,d devices seen%n",
                    r.uploads(),
                    r.uploadTime().toMillis() / 1e3,
                    r.uploads() / (r.uploadTime().toNanos() / 1e9),
                    r.eventsAccepted(),
                    stored,
                    withEvents);
            System.out.println("ack latency heartbeat: " + r.heartbeat());
            System.out.println("ack latency batch:     " + r.batch());
            System.out.printf("failovers %,d; errors %,d%n", r.failovers(), r.errors());
            r.firstErrors().forEach(e -> System.out.println("  error: " + e));
            r.firstFailoverReasons().forEach(e -> System.out.println("  failed over after: " + e));
            boolean ok = r.errors() == 0 && stored == r.eventsAccepted() && r.enrolled() == o.devices();
            System.out.println(ok ? "PASS" : "FAIL");
            System.exit(ok ? 0 : 1);
        }
    }
}
