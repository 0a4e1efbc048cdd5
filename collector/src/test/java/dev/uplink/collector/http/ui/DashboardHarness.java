package dev.uplink.collector.http.ui;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.health.FixLists;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.operators.OperatorTokens;
import dev.uplink.collector.operators.PasswordHasher;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.DeviceStore;
import dev.uplink.collector.store.EventStore;
import dev.uplink.collector.store.Retained;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.TokenStore;
import dev.uplink.collector.testing.JdkHttpCall;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * TEST ONLY: a collector on loopback HTTPS (its own CA) whose dashboard sees the given health and
 * operator stores, with an enrolled device, an operator {@link #OPERATOR}, and a clock the test moves.
 */
final class DashboardHarness implements AutoCloseable {

    static final String OPERATOR = "alice";
    static final String PASSWORD = "correct horse battery staple";

    final CollectorStore store;
    final KeyAndChain ca;
    final KeyAndChain identity;
    final CollectorServer server;
    final URI base;
    final HttpClient client;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T19:00:00Z"));
    final String deviceAuthorization;
    final String operatorToken;

    DashboardHarness(Path dir, HealthStore health, OperatorStore operators, FixLists fixLists) throws Exception {
        store = CollectorStore.open(dir.resolve("data"));
        ca = SelfSignedCa.loadOrCreate(store.dataDir());
        OperatorStore ops = operators != null ? operators : store.operators();
        HealthStore hs = health != null ? health : store.health();
        identity = SelfSignedCa.issueServer(ca, List.of("127.0.0.1", "localhost"));
        server = CollectorServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .fixLists(fixLists)
                .serve(
                        identity,
                        new Viewed(store, hs, ops),
                        new CollectorLimits(1 << 20, 4 << 20, 1000, 2, 4, 32),
                        clock);
        base = URI.create("https://127.0.0.1:" + server.address().getPort());
        JdkHttpCall http = new JdkHttpCall(List.of(ca.certificate()));
        client = http.client();
        var token = new EnrollmentService(store.tokens(), Clock.systemUTC()).issue(Duration.ofHours(1));
        OnboardingPackage pkg = new OnboardingPackage(
                store.tenantId(),
                List.of(CollectorEndpoint.parse(base.toString(), "WW", "url")),
                Pem.encodeCertificates(ca.chain()),
                token.token(),
                token.expiresAt());
        deviceAuthorization = http.enroll(pkg, "a-device").authorizationHeader();
        ops.add(OPERATOR, new PasswordHasher().hash(PASSWORD.toCharArray()), clock.instant());
        operatorToken = OperatorTokens.newToken();
        ops.addToken(OPERATOR, OperatorTokens.hash(operatorToken), clock.instant());
    }

    /** Enrolls a device named {@code name} directly in the store; returns its id. */
    String enroll(String name) throws Exception {
        EnrollmentService service = new EnrollmentService(store.tokens(), Clock.systemUTC());
        return service.enroll(service.issue(Duration.ofHours(1)).token().reveal(), name)
                .credential()
                .id();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value a response sets for {@code cookie}, or null. */
    static String setCookie(HttpResponse<?> r, String cookie) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(cookie + "=")) {
                return c.substring(cookie.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    static String fullSetCookie(HttpResponse<?> r, String cookie) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(cookie + "="))
                .findFirst()
                .orElse(null);
    }

    /** The hidden CSRF field of a page's form. */
    static String csrfField(String page) {
        String marker = "name=\"csrf\" value=\"";
        int i = page.indexOf(marker);
        if (i < 0) {
            throw new AssertionError("no CSRF field in " + page);
        }
        int start = i + marker.length();
        return page.substring(start, page.indexOf('"', start));
    }

    /** Logs in through the form; returns the session cookie value. */
    String login(String name, String password) throws Exception {
        HttpResponse<String> page = get("/ui/login");
        String loginCookie = setCookie(page, Dashboard.LOGIN_COOKIE);
        HttpResponse<String> r = post(
                "/ui/login",
                Map.of("csrf", csrfField(page.body()), "name", name, "password", password),
                "Cookie",
                Dashboard.LOGIN_COOKIE + "=" + loginCookie);
        if (r.statusCode() != 303) {
            throw new AssertionError("login answered " + r.statusCode() + ": " + r.body());
        }
        return setCookie(r, Dashboard.SESSION_COOKIE);
    }

    static String session(String id) {
        return Dashboard.SESSION_COOKIE + "=" + id;
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }

    /** A clock the test moves forward (past the login rate limit's window, or a session's expiry). */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The real store with the health and operator stores the test chose. */
    private record Viewed(CollectorStore store, HealthStore health, OperatorStore operators) implements Store {
        @Override
        public EventStore events() {
            return store.events();
        }

        @Override
        public DeviceStore devices() {
            return store.devices();
        }

        @Override
        public TokenStore tokens() {
            return store.tokens();
        }

        @Override
        public String tenantId() {
            return store.tenantId();
        }

        @Override
        public boolean isHealthy() {
            return store.isHealthy();
        }

        @Override
        public List<String> prepare(Instant now) {
            return store.prepare(now);
        }

        @Override
        public Retained retain(Instant cutoff) {
            return store.retain(cutoff);
        }

        @Override
        public void close() {}
    }
}
