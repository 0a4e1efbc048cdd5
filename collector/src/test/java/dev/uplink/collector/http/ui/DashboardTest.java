package dev.uplink.collector.http.ui;

import static dev.uplink.collector.http.ui.DashboardHarness.OPERATOR;
import static dev.uplink.collector.http.ui.DashboardHarness.PASSWORD;
import static dev.uplink.collector.http.ui.DashboardHarness.csrfField;
import static dev.uplink.collector.http.ui.DashboardHarness.session;
import static dev.uplink.collector.http.ui.DashboardHarness.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.operators.OperatorTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard and the API over real HTTPS on loopback: access, CSRF, rate limits, escaping, headers. */
class DashboardTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static DashboardHarness h;
    static InMemoryOperators operators = new InMemoryOperators();

    @BeforeAll
    static void start() throws Exception {
        h = new DashboardHarness(
                dir,
                new FakeHealth(),
                operators,
                (kind, site, urls, proxy) -> "# " + kind.wireName() + " for " + site
                        + (proxy == null ? "" : " via " + proxy) + "\n" + String.join("\n", urls) + "\n");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Each test starts after the login rate limit's window: attempts of one test do not limit the next. */
    @BeforeEach
    void pastTheRateLimitWindow() {
        h.clock.advance(LoginLimiter.WINDOW.plusSeconds(1));
    }

    @Test
    void withoutASessionTheUiRedirectsToTheLoginPage() throws Exception {
        for (String path : List.of(
                "/ui/",
                "/ui/cell?site=hq&endpoint=x",
                "/ui/device?id=dev-1",
                "/ui/fix?site=hq&kind=pac",
                "/ui/nothing")) {
            HttpResponse<String> r = h.get(path);
            assertEquals(302, r.statusCode(), path);
            assertEquals("/ui/login", r.headers().firstValue("Location").orElse(null), path);
        }
        assertEquals("/ui/", h.get("/ui").headers().firstValue("Location").orElse(null));
        HttpResponse<String> login = h.get("/ui/login");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("<form method=\"post\" action=\"/ui/login\">"));
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithABearerChallenge() throws Exception {
        for (String path :
                List.of("/api/v1/health", "/api/v1/sites", "/api/v1/devices/dev-00000000000000a1", "/api/v2/x")) {
            HttpResponse<String> r = h.get(path);
            assertEquals(401, r.statusCode(), path);
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "), path);
            assertEquals(
                    "application/json", r.headers().firstValue("Content-Type").orElse(null));
        }
        HttpResponse<String> wrong = h.get("/api/v1/health", "Authorization", "Bearer " + OperatorTokens.newToken());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> stale = h.get("/api/v1/health", "Cookie", session(Sessions.random()));
        assertEquals(401, stale.statusCode(), "an unknown session cookie is no credential");
    }

    @Test
    void aDeviceCredentialIsForbiddenOnTheUiAndTheApi() throws Exception {
        for (String path : List.of("/api/v1/health", "/api/v1/sites", "/ui/", "/ui/device?id=x")) {
            HttpResponse<String> r = h.get(path, "Authorization", h.deviceAuthorization);
            assertEquals(403, r.statusCode(), path + ": " + r.body());
        }
        // The same device id with a wrong secret is not a device: 401, as for anyone.
        String forged = h.deviceAuthorization.substring(0, h.deviceAuthorization.length() - 4) + "AAAA";
        assertEquals(401, h.get("/api/v1/health", "Authorization", forged).statusCode());
    }

    @Test
    void anOperatorTokenOpensTheApiWithTheHealthDocument() throws Exception {
        HttpResponse<String> r = h.get("/api/v1/health", "Authorization", "Bearer " + h.operatorToken);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode doc = JSON.readTree(r.body());
        assertTrue(doc.has("generatedAt"));
        assertEquals("hq", doc.at("/sites/0/name").asText());
        assertEquals(3, doc.at("/sites/0/devices").asInt());
        assertEquals(1, doc.at("/sites/0/failingDevices").asInt());
        JsonNode branchXcp = null;
        for (JsonNode c : doc.get("cells")) {
            if (c.get("site").asText().equals("branch")
                    && c.get("endpoint").asText().equals(FakeHealth.X_CP)) {
                branchXcp = c;
            }
        }
        assertNotNull(branchXcp);
        assertEquals(2, branchXcp.get("failing").asInt());
        assertEquals(2, branchXcp.at("/diagnoses/tls-intercepted").asInt());
        assertTrue(doc.get("devices").size() > 0);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));

        JsonNode onlyBranch =
                JSON.readTree(h.get("/api/v1/health?site=branch", "Authorization", "Bearer " + h.operatorToken)
                        .body());
        assertEquals(1, onlyBranch.get("sites").size());

        HttpResponse<String> device =
                h.get("/api/v1/devices/dev-00000000000000b1", "Authorization", "Bearer " + h.operatorToken);
        assertEquals(200, device.statusCode());
        assertEquals(
                FakeHealth.XSS_NAME, JSON.readTree(device.body()).get("name").asText());
        assertEquals(
                404,
                h.get("/api/v1/devices/dev-ffffffffffffffff", "Authorization", "Bearer " + h.operatorToken)
                        .statusCode());
        JsonNode sites = JSON.readTree(h.get("/api/v1/sites", "Authorization", "Bearer " + h.operatorToken)
                .body());
        assertEquals(2, sites.get("sites").size());
        // A token is for the API; the UI wants a signed-in operator.
        assertEquals(
                403, h.get("/ui/", "Authorization", "Bearer " + h.operatorToken).statusCode());
    }

    @Test
    void loginSetsAStrictSecureHttpOnlySessionCookieThatOpensUiAndApi() throws Exception {
        HttpResponse<String> page = h.get("/ui/login");
        String loginCookie = DashboardHarness.fullSetCookie(page, Dashboard.LOGIN_COOKIE);
        assertNotNull(loginCookie);
        assertCookieIsStrict(loginCookie);
        HttpResponse<String> r = h.post(
                "/ui/login",
                Map.of("csrf", csrfField(page.body()), "name", OPERATOR, "password", PASSWORD),
                "Cookie",
                Dashboard.LOGIN_COOKIE + "=" + setCookie(page, Dashboard.LOGIN_COOKIE));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/ui/", r.headers().firstValue("Location").orElse(null));
        String full = DashboardHarness.fullSetCookie(r, Dashboard.SESSION_COOKIE);
        assertCookieIsStrict(full);
        String id = setCookie(r, Dashboard.SESSION_COOKIE);
        assertEquals(43, id.length());
        assertFalse(r.body().contains(id.substring(0, 10)) || r.body().contains(PASSWORD));

        HttpResponse<String> ui = h.get("/ui/", "Cookie", session(id));
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("signed in as <span id=\"operator\">alice</span>"), ui.body());
        assertEquals(200, h.get("/api/v1/health", "Cookie", session(id)).statusCode());
    }

    private static void assertCookieIsStrict(String setCookie) {
        assertTrue(setCookie.startsWith("__Host-"), setCookie);
        for (String attribute : List.of("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict")) {
            assertTrue(setCookie.contains(attribute), setCookie + " lacks " + attribute);
        }
        assertFalse(setCookie.contains("Domain="), setCookie);
    }

    @Test
    void wrongPasswordAndUnknownNameAreRefusedAlike() throws Exception {
        HttpResponse<String> page = h.get("/ui/login");
        String cookie = Dashboard.LOGIN_COOKIE + "=" + setCookie(page, Dashboard.LOGIN_COOKIE);
        String csrf = csrfField(page.body());
        HttpResponse<String> wrong =
                h.post("/ui/login", Map.of("csrf", csrf, "name", OPERATOR, "password", "not it"), "Cookie", cookie);
        HttpResponse<String> unknown =
                h.post("/ui/login", Map.of("csrf", csrf, "name", "mallory", "password", "not it"), "Cookie", cookie);
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(wrong.body(), unknown.body(), "the answer does not tell which operators exist");
        assertEquals(null, setCookie(wrong, Dashboard.SESSION_COOKIE));
    }

    @Test
    void theLoginFormNeedsItsCsrfTokenAndTheSameOrigin() throws Exception {
        HttpResponse<String> page = h.get("/ui/login");
        String value = setCookie(page, Dashboard.LOGIN_COOKIE);
        String csrf = csrfField(page.body());
        Map<String, String> good = Map.of("csrf", csrf, "name", OPERATOR, "password", PASSWORD);

        HttpResponse<String> noCookie = h.post("/ui/login", good);
        assertEquals(403, noCookie.statusCode());
        HttpResponse<String> otherCookie =
                h.post("/ui/login", good, "Cookie", Dashboard.LOGIN_COOKIE + "=" + Sessions.random());
        assertEquals(403, otherCookie.statusCode());
        HttpResponse<String> noField = h.post(
                "/ui/login",
                Map.of("name", OPERATOR, "password", PASSWORD),
                "Cookie",
                Dashboard.LOGIN_COOKIE + "=" + value);
        assertEquals(403, noField.statusCode());
        HttpResponse<String> crossSite = h.post(
                "/ui/login", good, "Cookie", Dashboard.LOGIN_COOKIE + "=" + value, "Origin", "https://evil.example");
        assertEquals(403, crossSite.statusCode());
        HttpResponse<String> fetchCrossSite = h.post(
                "/ui/login", good, "Cookie", Dashboard.LOGIN_COOKIE + "=" + value, "Sec-Fetch-Site", "cross-site");
        assertEquals(403, fetchCrossSite.statusCode());
        for (HttpResponse<String> r : List.of(noCookie, otherCookie, noField, crossSite, fetchCrossSite)) {
            assertEquals(null, setCookie(r, Dashboard.SESSION_COOKIE));
        }
        HttpResponse<String> ok = h.post("/ui/login", good, "Cookie", Dashboard.LOGIN_COOKIE + "=" + value);
        assertEquals(303, ok.statusCode(), "the same form with its token and cookie signs in");
    }

    @Test
    void loginAttemptsAreLimitedPerNameAndAddressWith429AndRetryAfter() throws Exception {
        HttpResponse<String> page = h.get("/ui/login");
        String cookie = Dashboard.LOGIN_COOKIE + "=" + setCookie(page, Dashboard.LOGIN_COOKIE);
        String csrf = csrfField(page.body());
        for (int i = 0; i < LoginLimiter.ATTEMPTS; i++) {
            HttpResponse<String> r = h.post(
                    "/ui/login", Map.of("csrf", csrf, "name", OPERATOR, "password", "guess " + i), "Cookie", cookie);
            assertEquals(401, r.statusCode(), "attempt " + i);
        }
        HttpResponse<String> limited =
                h.post("/ui/login", Map.of("csrf", csrf, "name", OPERATOR, "password", PASSWORD), "Cookie", cookie);
        assertEquals(429, limited.statusCode(), "even the right password waits");
        long retryAfter =
                Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(null, setCookie(limited, Dashboard.SESSION_COOKIE));

        h.clock.advance(Duration.ofSeconds(retryAfter));
        HttpResponse<String> later =
                h.post("/ui/login", Map.of("csrf", csrf, "name", OPERATOR, "password", PASSWORD), "Cookie", cookie);
        assertEquals(303, later.statusCode(), "after Retry-After the operator signs in");
    }

    @Test
    void logoutNeedsTheSessionsCsrfTokenAndEndsTheSession() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        String page = h.get("/ui/", "Cookie", session(id)).body();
        String csrf = csrfField(page);

        assertEquals(403, h.post("/ui/logout", Map.of(), "Cookie", session(id)).statusCode());
        assertEquals(
                403,
                h.post("/ui/logout", Map.of("csrf", Sessions.random()), "Cookie", session(id))
                        .statusCode());
        // A CSRF token of another session does not end this one.
        String other = h.login(OPERATOR, PASSWORD);
        String otherCsrf = csrfField(h.get("/ui/", "Cookie", session(other)).body());
        assertEquals(
                403,
                h.post("/ui/logout", Map.of("csrf", otherCsrf), "Cookie", session(id))
                        .statusCode());
        assertEquals(200, h.get("/ui/", "Cookie", session(id)).statusCode(), "still signed in");
        assertEquals(405, h.get("/ui/logout", "Cookie", session(id)).statusCode(), "no state change on GET");

        HttpResponse<String> out = h.post("/ui/logout", Map.of("csrf", csrf), "Cookie", session(id));
        assertEquals(303, out.statusCode());
        assertTrue(DashboardHarness.fullSetCookie(out, Dashboard.SESSION_COOKIE).contains("Max-Age=0"));
        assertEquals(302, h.get("/ui/", "Cookie", session(id)).statusCode());
        assertEquals(200, h.get("/ui/", "Cookie", session(other)).statusCode(), "the other session lives on");
    }

    @Test
    void sessionsExpireWhenIdleAndWhenTheOperatorIsRemoved() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        h.clock.advance(Sessions.IDLE.minusMinutes(1));
        assertEquals(200, h.get("/ui/", "Cookie", session(id)).statusCode());
        h.clock.advance(Sessions.IDLE);
        assertEquals(302, h.get("/ui/", "Cookie", session(id)).statusCode());

        operators.add(
                "bob",
                new dev.uplink.collector.operators.PasswordHasher().hash(PASSWORD.toCharArray()),
                h.clock.instant());
        String bob = h.login("bob", PASSWORD);
        assertEquals(200, h.get("/ui/", "Cookie", session(bob)).statusCode());
        operators.remove("bob");
        assertEquals(302, h.get("/ui/", "Cookie", session(bob)).statusCode());
    }

    @Test
    void everyAnswerCarriesTheStrictHeaders() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        for (HttpResponse<String> r : List.of(
                h.get("/ui/login"),
                h.get("/ui/", "Cookie", session(id)),
                h.get("/ui/device?id=dev-00000000000000b1", "Cookie", session(id)),
                h.get("/ui/static/dashboard.css"),
                h.get("/api/v1/health", "Cookie", session(id)),
                h.get("/api/v1/health"),
                h.get("/ui/"))) {
            String what = r.uri().toString();
            assertEquals(
                    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
                            + " frame-ancestors 'none'; base-uri 'none'",
                    r.headers().firstValue("Content-Security-Policy").orElse(null),
                    what);
            assertEquals(
                    "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), what);
            assertEquals(
                    "same-origin", r.headers().firstValue("Referrer-Policy").orElse(null), what);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), what);
        }
        assertEquals(
                "no-store",
                h.get("/ui/", "Cookie", session(id))
                        .headers()
                        .firstValue("Cache-Control")
                        .orElse(null));
    }

    @Test
    void pagesHaveNoInlineScriptOrStyleAndNoExternalResources() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        for (String path : List.of(
                "/ui/login",
                "/ui/",
                "/ui/cell?site=branch&endpoint=" + FakeHealth.X_CP,
                "/ui/device?id=dev-00000000000000b1")) {
            String body = h.get(path, "Cookie", session(id)).body();
            assertFalse(body.contains("<script"), path);
            assertFalse(body.contains("style="), path);
            assertFalse(body.contains("<style"), path);
            assertFalse(body.contains("http://") || body.contains("https://cdn"), path);
            assertFalse(body.matches("(?s).*<[^>]*\\son[a-z]+=.*"), path + " has an event handler attribute");
        }
    }

    @Test
    void deviceNamesUrlsAndDetailsAreEscapedOnEveryPage() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        String escapedName = "&lt;script&gt;alert(1)&lt;/script&gt;";
        String escapedDetail = "issuer &lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;";
        String cell = h.get("/ui/cell?site=branch&endpoint=" + FakeHealth.X_CP, "Cookie", session(id))
                .body();
        String device = h.get("/ui/device?id=dev-00000000000000b1", "Cookie", session(id))
                .body();
        for (String page : List.of(cell, device)) {
            assertTrue(page.contains(escapedName), page);
            assertTrue(page.contains(escapedDetail), page);
            assertFalse(page.contains(FakeHealth.XSS_NAME));
            assertFalse(page.contains("<img"));
        }
        // A hostile query value comes back escaped too.
        String echoed = h.get("/ui/cell?site=%3Cb%3Ex&endpoint=%22%3E%3Cscript%3E", "Cookie", session(id))
                .body();
        assertFalse(echoed.contains("<b>x") || echoed.contains("\"><script>"), echoed);
        assertTrue(echoed.contains("&lt;b&gt;x"));
        assertEquals(
                400,
                h.get("/ui/cell?site=%C3%28&endpoint=x", "Cookie", session(id)).statusCode());
    }

    @Test
    void theMatrixShadesCellsByTheShareOfFailingDevicesAndNamesTheTopDiagnosis() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        String page = h.get("/ui/", "Cookie", session(id)).body();
        assertTrue(
                page.contains(
                        "<td class=\"cell most\" data-site=\"branch\" data-endpoint=\"" + FakeHealth.X_CP + "\">"),
                page);
        assertTrue(page.contains("<span class=\"count\">2/2</span><span class=\"diagnosis\">tls-intercepted</span>"));
        assertTrue(
                page.contains("<td class=\"cell many\" data-site=\"hq\" data-endpoint=\"" + FakeHealth.EVENTS + "\">"));
        assertTrue(page.contains("<span class=\"count\">1/3</span><span class=\"diagnosis\">proxy-denied</span>"));
        assertTrue(page.contains("<td class=\"cell ok\" data-site=\"hq\" data-endpoint=\"" + FakeHealth.X_CP + "\">"));
        assertTrue(page.contains("href=\"/ui/cell?site=branch&amp;endpoint=x.cp.wd.microsoft.com\""));
        assertTrue(
                page.contains("<table id=\"stale\">") && page.contains(">hq-ws-2</a>"), "the stale device is listed");
    }

    @Test
    void fixListsDownloadAsAttachmentsForTheSitesFailingUrls() throws Exception {
        String id = h.login(OPERATOR, PASSWORD);
        HttpResponse<String> r = h.get("/ui/fix?site=branch&kind=inspection-bypass", "Cookie", session(id));
        assertEquals(200, r.statusCode());
        assertEquals(
                "attachment; filename=\"uplink-branch-inspection-bypass.txt\"",
                r.headers().firstValue("Content-Disposition").orElse(null));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals("# inspection-bypass for branch\nhttps://x.cp.wd.microsoft.com/api/report\n", r.body());
        assertEquals(
                400,
                h.get("/ui/fix?site=branch&kind=iptables", "Cookie", session(id))
                        .statusCode());
        HttpResponse<String> pac = h.get("/api/v1/fix?site=hq&kind=pac", "Authorization", "Bearer " + h.operatorToken);
        assertEquals(200, pac.statusCode());
        assertTrue(pac.body().startsWith("# pac for hq via proxy.hq:3128\n"), pac.body());
    }
}
