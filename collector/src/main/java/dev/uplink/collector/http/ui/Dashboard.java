package dev.uplink.collector.http.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.FixLists;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteSummary;
import dev.uplink.collector.operators.OperatorAuthenticator;
import dev.uplink.collector.operators.OperatorTokens;
import dev.uplink.collector.operators.PasswordHasher;
import dev.uplink.collector.store.StoreException;
import dev.uplink.core.CaseMapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' side of the collector: the dashboard under {@code /ui/} and the JSON API under
 * {@code /api/v1/} (docs/behaviour.md#dashboard-and-operator-access). Operators only: a session
 * cookie from the login form (UI and API) or an operator's bearer token (API); without either the
 * API answers 401 and the UI redirects to the login page; a device's credential gets 403.
 */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SESSION_COOKIE = "__Host-uplink-session";
    static final String LOGIN_COOKIE = "__Host-uplink-login";

    /** No script at all, styles only from this origin's files, no framing, forms only to this origin. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private static final int MAX_FORM_FIELDS = 8;
    private static final int MAX_FORM_BYTES = 8192;

    private final HealthStore health;
    private final OperatorStore operators;
    private final OperatorAuthenticator authenticator;
    private final DeviceAuthenticator devices;
    private final FixLists fixLists;
    private final Clock clock;
    private final Sessions sessions = new Sessions();
    private final LoginLimiter limiter = new LoginLimiter();
    private final byte[] css;

    /** {@code fixLists} may be null: the dashboard then offers no fix list downloads. */
    public Dashboard(
            HealthStore health, OperatorStore operators, DeviceAuthenticator devices, FixLists fixLists, Clock clock) {
        this.health = health;
        this.operators = operators;
        this.authenticator = new OperatorAuthenticator(operators, new PasswordHasher());
        this.devices = devices;
        this.fixLists = fixLists;
        this.clock = clock;
        this.css = resource("dashboard.css");
    }

    /** Whether {@code path} is the dashboard's or the API's. */
    public static boolean serves(String path) {
        return path.equals("/ui") || path.startsWith("/ui/") || path.equals("/api") || path.startsWith("/api/");
    }

    /** Answers one request under {@code /ui} or {@code /api} (blocking: it runs on a worker). */
    public void handle(Request request, Response response, Callback callback) {
        Call call = new Call(request, response, callback);
        try {
            route(call);
        } catch (BadQuery e) {
            call.send(Answer.text(400, "malformed query string: expected percent-encoded UTF-8"));
        } catch (StoreException e) {
            LOG.error("dashboard {} {}: store failed: {}", call.method(), call.path(), e.getMessage());
            call.send(
                    Answer.text(503, "collector store unavailable, retry later").with("Retry-After", "10"));
        } catch (RuntimeException e) {
            LOG.error("dashboard {} {} failed", call.method(), call.path(), e);
            call.send(Answer.text(500, "internal error"));
        }
    }

    private void route(Call call) {
        String path = call.path();
        if (call.method().equals("POST") && !call.readBody()) {
            // Read before any answer: an unread body would cost the connection (and the browser its reply).
            call.send(Answer.text(413, "a form of at most " + MAX_FORM_BYTES + " bytes with a Content-Length expected")
                    .with("Connection", "close"));
            return;
        }
        if (path.equals("/ui")) {
            call.send(Answer.redirect(302, "/ui/"));
            return;
        }
        if (path.equals("/ui/static/dashboard.css")) {
            if (call.isGet()) {
                call.send(new Answer(200, "text/css; charset=utf-8", css, Map.of("Cache-Control", "max-age=300")));
            } else {
                call.send(notAllowed("GET"));
            }
            return;
        }
        if (path.equals("/ui/login")) {
            if (call.isGet()) {
                loginPage(call, null, 200);
            } else if (call.method().equals("POST")) {
                login(call);
            } else {
                call.send(notAllowed("GET, POST"));
            }
            return;
        }
        boolean api = path.startsWith("/api");
        Access access = access(call, api);
        if (access instanceof Refused r) {
            call.send(r.answer());
            return;
        }
        Granted who = (Granted) access;
        if (api) {
            api(call, path);
            return;
        }
        if (path.equals("/ui/logout")) {
            if (!call.method().equals("POST")) {
                call.send(notAllowed("POST"));
            } else {
                logout(call, who);
            }
            return;
        }
        if (!call.isGet()) {
            call.send(notAllowed("GET"));
            return;
        }
        Instant now = clock.instant();
        switch (path) {
            case "/ui/" ->
                call.send(Answer.html(
                        200,
                        Pages.matrix(
                                health.health(now, Optional.empty()), who.operator(), who.csrf(), fixLists != null)));
            case "/ui/cell" -> {
                String site = call.query("site");
                String endpoint = call.query("endpoint");
                if (site == null || endpoint == null) {
                    call.send(Answer.html(
                            400,
                            Pages.message(
                                    "Bad request", "expected ?site=NAME&endpoint=HOST", who.operator(), who.csrf())));
                    return;
                }
                HealthDocument doc = health.health(now, Optional.of(site));
                call.send(Answer.html(
                        200, Pages.cell(doc, site, endpoint, who.operator(), who.csrf(), fixLists != null)));
            }
            case "/ui/device" -> {
                String id = call.query("id");
                Optional<DeviceDetail> d = id == null ? Optional.empty() : health.device(id, now);
                call.send(d.map(detail -> Answer.html(200, Pages.device(detail, who.operator(), who.csrf())))
                        .orElseGet(() -> Answer.html(
                                404,
                                Pages.message(
                                        "No such device",
                                        "no connectivity check from device " + id,
                                        who.operator(),
                                        who.csrf()))));
            }
            case "/ui/fix" -> fix(call, call.query("site"), call.query("kind"), now);
            default ->
                call.send(Answer.html(
                        404, Pages.message("Not found", "no such page: " + path, who.operator(), who.csrf())));
        }
    }

    private void api(Call call, String path) {
        if (!call.isGet()) {
            call.send(notAllowed("GET"));
            return;
        }
        Instant now = clock.instant();
        String prefix = "/api/v1/devices/";
        if (path.equals("/api/v1/health")) {
            String site = call.query("site");
            // Streamed to bytes, not built as a tree: a fleet's document is megabytes (docs/scaling.md#fleet-health).
            call.send(new Answer(
                    200,
                    "application/json",
                    HealthJson.documentBytes(health.health(now, Optional.ofNullable(site))),
                    Map.of()));
        } else if (path.equals("/api/v1/sites")) {
            call.send(json(200, sites(health.sites(), health.health(now, Optional.empty()))));
        } else if (path.startsWith(prefix) && path.length() > prefix.length()) {
            String id = path.substring(prefix.length());
            call.send(health.device(id, now)
                    .map(d -> json(200, HealthJson.detail(d)))
                    .orElseGet(() -> json(404, Map.of("error", "no connectivity check from device " + id))));
        } else if (path.equals("/api/v1/fix")) {
            fix(call, call.query("site"), call.query("kind"), now);
        } else {
            call.send(json(404, Map.of("error", "no such endpoint: " + path)));
        }
    }

    /** A site's fix list as a download (text/plain attachment). */
    private void fix(Call call, String site, String kindName, Instant now) {
        Optional<FixKind> kind = kindName == null ? Optional.empty() : FixKind.fromWireName(kindName);
        if (site == null || kind.isEmpty()) {
            call.send(Answer.text(400, "expected ?site=NAME&kind=squid|pac|inspection-bypass"));
            return;
        }
        if (fixLists == null) {
            call.send(Answer.text(404, "fix lists are not available on this collector"));
            return;
        }
        String proxy = null;
        if (kind.get() == FixKind.PAC) {
            Optional<String> p = health.siteProxy(site);
            if (p.isEmpty()) {
                call.send(Answer.text(404, "no device at this site reports a proxy: a PAC list needs one"));
                return;
            }
            proxy = p.get();
        }
        String body = fixLists.render(kind.get(), site, health.failingUrls(site, now, kind.get()), proxy);
        String file = "uplink-" + site.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + kind.get().wireName() + ".txt";
        call.send(Answer.text(200, body).with("Content-Disposition", "attachment; filename=\"" + file + "\""));
    }

    /** The configured sites with their ranges, and every site of the health document with its counts. */
    private static Map<String, Object> sites(List<Site> configured, HealthDocument doc) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (SiteSummary s : doc.sites()) {
            byName.put(s.name(), site(s.name(), s.devices(), s.failingDevices(), s.staleDevices(), List.of()));
        }
        for (Site s : configured) {
            Map<String, Object> m = byName.computeIfAbsent(s.name(), n -> site(n, 0, 0, 0, List.of()));
            m.put("cidrs", s.cidrs());
        }
        return Map.of("sites", new ArrayList<>(byName.values()));
    }

    private static Map<String, Object> site(String name, int devices, int failing, int stale, List<String> cidrs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("devices", devices);
        m.put("failingDevices", failing);
        m.put("staleDevices", stale);
        m.put("cidrs", cidrs);
        return m;
    }

    // ---- access -------------------------------------------------------------------------------

    private sealed interface Access permits Granted, Refused {}

    private record Granted(String operator, String csrf, String sessionId) implements Access {}

    private record Refused(Answer answer) implements Access {}

    private Access access(Call call, boolean api) {
        List<String> authorization = call.headers("Authorization");
        if (authorization.size() > 1) {
            return new Refused(
                    api
                            ? json(400, Map.of("error", "more than one Authorization header"))
                            : Answer.text(400, "more than one Authorization header"));
        }
        if (!authorization.isEmpty()) {
            return bearer(authorization.get(0), api);
        }
        String id = call.cookie(SESSION_COOKIE);
        Optional<Sessions.Session> s = sessions.find(id, clock.instant());
        // An operator removed from the store loses the dashboard at once, not when the session expires.
        if (s.isPresent() && operators.passwordHash(s.get().operator()).isPresent()) {
            return new Granted(s.get().operator(), s.get().csrf(), id);
        }
        if (s.isPresent()) {
            sessions.remove(id);
        }
        if (api) {
            return new Refused(json(401, Map.of("error", "operator credentials required: a session or a bearer token"))
                    .with("WWW-Authenticate", "Bearer realm=\"uplink-api\""));
        }
        return new Refused(Answer.redirect(302, "/ui/login"));
    }

    /** An Authorization header: an operator's API token (API only), a device's credential (403), or neither (401). */
    private Access bearer(String header, boolean api) {
        String h = header.trim();
        String value =
                h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        if (value != null && OperatorTokens.looksLikeToken(value)) {
            Optional<String> operator = authenticator.token(value);
            if (operator.isPresent() && api) {
                return new Granted(operator.get(), null, null);
            }
            if (operator.isPresent()) {
                return new Refused(Answer.text(403, "API tokens open /api/v1/ only; sign in at /ui/login"));
            }
        } else {
            try {
                devices.authenticate(header);
                return new Refused(forbidden(api));
            } catch (AuthException e) {
                if (e.status() == 403) {
                    return new Refused(forbidden(api)); // a revoked device is still a device
                }
            }
        }
        Answer a = api
                ? json(401, Map.of("error", "unknown or revoked operator token"))
                : Answer.text(401, "unknown or revoked operator token");
        return new Refused(a.with("WWW-Authenticate", "Bearer realm=\"uplink-api\", error=\"invalid_token\""));
    }

    private static Answer forbidden(boolean api) {
        String why = "device credentials do not open the dashboard or the API: operators only";
        return api ? json(403, Map.of("error", why)) : Answer.text(403, why);
    }

    // ---- login and logout ---------------------------------------------------------------------

    private void loginPage(Call call, String message, int status) {
        // Double-submit token for the login form (there is no session yet): a cookie a cross-site
        // page cannot read or set (__Host-, SameSite=Strict) and the same value in the form.
        String csrf = call.cookie(LOGIN_COOKIE);
        if (csrf == null || csrf.length() != 43) {
            csrf = Sessions.random();
        }
        call.send(Answer.html(status, Pages.login(csrf, message)).cookie(cookie(LOGIN_COOKIE, csrf, false)));
    }

    private void login(Call call) {
        if (!sameOrigin(call)) {
            call.send(Answer.text(403, "cross-origin login refused"));
            return;
        }
        Map<String, String> form = call.form();
        if (form == null) {
            call.send(Answer.text(400, "expected a login form (application/x-www-form-urlencoded)"));
            return;
        }
        String cookie = call.cookie(LOGIN_COOKIE);
        if (!matches(cookie, form.get("csrf"))) {
            loginPage(call, "The sign-in form expired: please sign in again.", 403);
            return;
        }
        String name = value(form.get("name"));
        String password = value(form.get("password"));
        Instant now = clock.instant();
        Optional<Duration> wait = limiter.attempt(call.remote(), name, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            LOG.warn("dashboard login from {} rate-limited for {} s", call.remote(), seconds);
            call.send(Answer.html(429, Pages.login(cookie, "Too many sign-in attempts: wait " + seconds + " s."))
                    .with("Retry-After", Long.toString(seconds)));
            return;
        }
        Optional<String> operator = authenticator.login(name, password.toCharArray());
        if (operator.isEmpty()) {
            // The name is not logged: operators type passwords into the wrong field.
            LOG.info("dashboard login failed from {}", call.remote());
            call.send(Answer.html(401, Pages.login(cookie, "Wrong operator name or password.")));
            return;
        }
        Sessions.Created s = sessions.create(operator.get(), now);
        LOG.info("operator {} signed in to the dashboard from {}", operator.get(), call.remote());
        call.send(Answer.redirect(303, "/ui/")
                .cookie(cookie(SESSION_COOKIE, s.id(), false))
                .cookie(cookie(LOGIN_COOKIE, "", true)));
    }

    private void logout(Call call, Granted who) {
        Map<String, String> form = call.form();
        if (who.sessionId() == null || form == null || !matches(who.csrf(), form.get("csrf"))) {
            call.send(Answer.text(403, "missing or wrong CSRF token"));
            return;
        }
        sessions.remove(who.sessionId());
        LOG.info("operator {} signed out of the dashboard", who.operator());
        call.send(Answer.redirect(303, "/ui/login").cookie(cookie(SESSION_COOKIE, "", true)));
    }

    /**
     * A browser says where a form came from: Sec-Fetch-Site (every current browser), else Origin. A
     * login posted from another site is refused even before the double-submit token is compared.
     */
    private static boolean sameOrigin(Call call) {
        String site = call.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = call.header("Origin");
        if (origin == null) {
            return true; // not a browser, or a very old one: the double-submit token still applies
        }
        String host = call.header("Host");
        return host != null && origin.equalsIgnoreCase("https://" + host);
    }

    private static boolean matches(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }

    /** A host-only, HTTPS-only cookie scripts cannot read and other sites' requests do not carry. */
    static String cookie(String name, String value, boolean clear) {
        return name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict" + (clear ? "; Max-Age=0" : "");
    }

    private static Answer notAllowed(String allow) {
        return Answer.text(405, "method not allowed: use " + allow).with("Allow", allow);
    }

    private static Answer json(int status, Object body) {
        try {
            return new Answer(status, "application/json", JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of the API cannot be written", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("dashboard resource " + name + " cannot be read", e);
        }
    }

    /** A query string that does not decode (%ZZ, invalid UTF-8): the client's error, 400. */
    private static final class BadQuery extends RuntimeException {
        BadQuery() {
            super("malformed query string", null, false, false);
        }
    }

    // ---- one request --------------------------------------------------------------------------

    private static final class Call {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private Fields query;
        private byte[] body;

        Call(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        String method() {
            return request.getMethod();
        }

        boolean isGet() {
            return method().equals("GET") || method().equals("HEAD");
        }

        String path() {
            return request.getHttpURI().getPath();
        }

        String header(String name) {
            return request.getHeaders().get(name);
        }

        List<String> headers(String name) {
            return request.getHeaders().getValuesList(name);
        }

        String remote() {
            return Request.getRemoteAddr(request);
        }

        String query(String name) {
            if (query == null) {
                try {
                    query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // Jetty says "400: Bad query" with an IllegalStateException (HttpException)
                    throw new BadQuery();
                }
            }
            return query.getValue(name);
        }

        String cookie(String name) {
            for (HttpCookie c : Request.getCookies(request)) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
            return null;
        }

        /**
         * Reads the whole body of a POST, which must declare its length and be at most
         * {@link #MAX_FORM_BYTES}; false when it does not or cannot be read.
         */
        boolean readBody() {
            long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared < 0 || declared > MAX_FORM_BYTES) {
                return false;
            }
            try (InputStream in = Request.asInputStream(request)) {
                byte[] read = in.readNBytes(MAX_FORM_BYTES + 1);
                if (read.length > MAX_FORM_BYTES) {
                    return false;
                }
                body = read;
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** The URL-encoded form of a POST (first value of each name), or null when the body is not one. */
        Map<String, String> form() {
            String type = header("Content-Type");
            if (body == null
                    || type == null
                    || !CaseMapping.lower(type).startsWith("application/x-www-form-urlencoded")) {
                return null;
            }
            Map<String, String> fields = new HashMap<>();
            try {
                UrlEncoded.decodeTo(
                        new String(body, StandardCharsets.UTF_8),
                        (k, v) -> fields.putIfAbsent(k, v),
                        StandardCharsets.UTF_8,
                        MAX_FORM_FIELDS);
            } catch (RuntimeException e) {
                return null;
            }
            return fields;
        }

        void send(Answer a) {
            response.setStatus(a.status());
            var h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, a.contentType());
            h.put("Content-Security-Policy", CSP);
            h.put("X-Content-Type-Options", "nosniff");
            // same-origin, not no-referrer: with no-referrer a browser posts forms with "Origin: null".
            h.put("Referrer-Policy", "same-origin");
            h.put("X-Frame-Options", "DENY");
            h.put("Cross-Origin-Opener-Policy", "same-origin");
            h.put("Cross-Origin-Resource-Policy", "same-origin");
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            for (Map.Entry<String, String> e : a.headers().entrySet()) {
                h.put(e.getKey(), e.getValue());
            }
            for (String c : a.cookies()) {
                h.add(HttpHeader.SET_COOKIE, c);
            }
            h.put(HttpHeader.CONTENT_LENGTH, a.body().length);
            boolean head = method().equals("HEAD");
            response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(a.body()), callback);
        }
    }
}
