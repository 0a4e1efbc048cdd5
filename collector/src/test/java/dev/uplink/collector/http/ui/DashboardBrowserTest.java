package dev.uplink.collector.http.ui;

import static dev.uplink.collector.http.ui.DashboardHarness.OPERATOR;
import static dev.uplink.collector.http.ui.DashboardHarness.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.collector.testing.CheckPayloads;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven through its chromedriver
 * (Selenium with explicit paths, so Selenium Manager never runs or downloads anything). The browser
 * trusts exactly this test collector's key (--ignore-certificate-errors-spki-list, honoured only with
 * its own --user-data-dir) and resolves no name but loopback. One browser and one collector for the
 * class; the fleet is seeded through the store's ingest, as checks arrive from sensors.
 */
class DashboardBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String XSS = "<script>alert(1)</script>";
    static final String X_CP = "x.cp.wd.microsoft.com";
    static final String EVENTS = "events.data.microsoft.com";

    @TempDir
    static Path dir;

    static DashboardHarness h;
    static ChromeDriver browser;
    static String xssDevice;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(
                Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "the browser tests need Debian's chromium and chromium-driver (./run-tests installs them)");
        h = new DashboardHarness(dir, null, null, null);
        seed();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--ignore-certificate-errors-spki-list=" + spki(),
                // Nothing leaves loopback: no proxy, no name resolution but loopback, no background fetches.
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--no-first-run",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium refuses to sandbox as root (CI runs as root)
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (h != null) {
            h.close();
        }
    }

    /**
     * Two sites. hq: 3 devices, x.cp 0/3 failing, events 1/3 (proxy-denied), one device stale (its
     * check and last upload 20 h old, at a 6 h interval).
     * branch: 2 devices, x.cp 2/2 (tls-intercepted), events 0/2; one branch device reports a hostile
     * host name and detail.
     */
    static void seed() throws Exception {
        h.store.health().setSite("hq", List.of("10.1.0.0/16"));
        h.store.health().setSite("branch", List.of("10.2.0.0/16"));
        Instant now = h.clock.instant();
        Instant fresh = now.minus(Duration.ofHours(1));
        send("hq-ws-1", now, check(fresh, "10.1.0.11").ok(X_CP, "sensor").ok(EVENTS, "sensor"));
        Instant old = now.minus(Duration.ofHours(20));
        send("hq-ws-2", old, check(old, "10.1.0.12").ok(X_CP, "sensor").ok(EVENTS, "sensor"));
        send("hq-ws-3", now, check(fresh, "10.1.0.13").ok(X_CP, "sensor").failed(EVENTS, "sensor", "proxy-denied"));
        CheckPayloads hostile = check(fresh, "10.2.0.21")
                .failed(X_CP, "sensor", "tls-intercepted")
                .ok(EVENTS, "sensor")
                .raw("host", "\"" + XSS + "\"");
        ((ObjectNode) hostile.node().get("results").get(0)).put("detail", "issuer <img src=x onerror=alert(2)>");
        xssDevice = send("br-ws-1", now, hostile);
        send(
                "br-ws-2",
                now,
                check(fresh, "10.2.0.22")
                        .failed(X_CP, "sensor", "tls-intercepted")
                        .ok(EVENTS, "sensor"));
    }

    static CheckPayloads check(Instant at, String address) {
        return CheckPayloads.check(UUID.randomUUID().toString(), at).at("corp.example", address);
    }

    /** Enrolls {@code name} and delivers its check, received at {@code receivedAt} (its last upload). */
    static String send(String name, Instant receivedAt, CheckPayloads check) throws Exception {
        String id = h.enroll(name);
        h.store.events().ingest(id, List.of(check.event(UUID.randomUUID().toString())), receivedAt);
        return id;
    }

    /** The base64 SHA-256 of the collector's public key: the one certificate key this browser accepts. */
    static String spki() throws Exception {
        byte[] der = h.identity.certificate().getPublicKey().getEncoded();
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
    }

    static String url(String path) {
        return h.base.resolve(path).toString();
    }

    /**
     * Clicks an element that leads to another page and waits until the old page is gone: a click
     * returns before the navigation, and the next look at the URL or the cookies must see its end
     * (on a loaded machine the old page was still there, or the login's cookie arrived after the
     * next test had deleted the cookies).
     */
    static void navigate(WebElement element) {
        element.click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                element.isEnabled();
            } catch (StaleElementReferenceException gone) {
                return;
            } catch (WebDriverException e) {
                // While the old document is being replaced, ChromeDriver may answer with the
                // inspector's "Node with given id does not belong to the document" (a CI run met
                // it) instead of a stale reference: the same news, that the old page is gone.
                if (e.getMessage() == null || !e.getMessage().contains("does not belong to the document")) {
                    throw e;
                }
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the next page", e);
            }
        }
        throw new AssertionError("still on " + browser.getCurrentUrl() + " 20 s after the click");
    }

    static void signIn() {
        browser.get(url("/ui/login"));
        browser.findElement(By.id("name")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        navigate(browser.findElement(By.id("login")));
        assertEquals(url("/ui/"), browser.getCurrentUrl(), browser.getPageSource());
    }

    @BeforeEach
    void signedOut() {
        h.clock.advance(LoginLimiter.WINDOW.plusSeconds(1));
        browser.get(url("/ui/login"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void theDashboardRequiresSigningIn() {
        browser.get(url("/ui/"));
        assertEquals(url("/ui/login"), browser.getCurrentUrl());
        browser.findElement(By.id("name")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys("not the password");
        navigate(browser.findElement(By.id("login")));
        assertEquals(
                "Wrong operator name or password.",
                browser.findElement(By.id("message")).getText());
        browser.get(url("/ui/device?id=" + xssDevice));
        assertEquals(url("/ui/login"), browser.getCurrentUrl());

        signIn();
        assertEquals(OPERATOR, browser.findElement(By.id("operator")).getText());
        // Sign out is a form with the session's CSRF token: it works from the page, and ends the session.
        navigate(browser.findElement(By.id("logout")));
        assertEquals(url("/ui/login"), browser.getCurrentUrl());
        browser.get(url("/ui/"));
        assertEquals(url("/ui/login"), browser.getCurrentUrl());
    }

    @Test
    void theMatrixShowsTheSeededCellsWithTheirShadeCountAndTopDiagnosis() {
        signIn();
        assertCell("branch", X_CP, "most", "2/2", "tls-intercepted", "rgba(245, 163, 163, 1)");
        assertCell("hq", EVENTS, "many", "1/3", "proxy-denied", "rgba(255, 208, 160, 1)");
        assertCell("hq", X_CP, "ok", "0/3", null, "rgba(214, 245, 214, 1)");
        assertCell("branch", EVENTS, "ok", "0/2", null, "rgba(214, 245, 214, 1)");
        List<WebElement> stale = browser.findElements(By.cssSelector("#stale tbody tr"));
        assertEquals(1, stale.size());
        assertTrue(stale.get(0).getText().startsWith("hq-ws-2 hq"), stale.get(0).getText());
    }

    /** The cell's class and text, and its colour as the browser computed it from the static stylesheet. */
    static void assertCell(String site, String endpoint, String shade, String count, String diagnosis, String colour) {
        WebElement cell =
                browser.findElement(By.cssSelector("td[data-site='" + site + "'][data-endpoint='" + endpoint + "']"));
        assertTrue(
                cell.getAttribute("class").contains(shade), site + " " + endpoint + ": " + cell.getAttribute("class"));
        assertEquals(count, cell.findElement(By.className("count")).getText(), site + " " + endpoint);
        if (diagnosis != null) {
            assertEquals(diagnosis, cell.findElement(By.className("diagnosis")).getText());
        } else {
            assertTrue(cell.findElements(By.className("diagnosis")).isEmpty());
        }
        assertEquals(colour, cell.getCssValue("background-color"), site + " " + endpoint);
    }

    @Test
    void aCellOpensItsDevicesAndADeviceItsRoutesSourcesAndHistory() {
        signIn();
        navigate(browser.findElement(By.cssSelector("td[data-site='branch'][data-endpoint='" + X_CP + "'] a")));
        assertTrue(browser.getCurrentUrl().startsWith(url("/ui/cell?site=branch")), browser.getCurrentUrl());
        assertEquals(
                "2 of 2 devices fail.",
                browser.findElement(By.id("cell-summary")).getText());
        List<WebElement> rows = browser.findElements(By.cssSelector("#devices tbody tr"));
        assertEquals(2, rows.size());
        assertTrue(
                rows.get(0).getText().contains("tls-intercepted"), rows.get(0).getText());
        assertTrue(
                rows.get(0).getText().contains("issuer CN=Corp Inspection CA"),
                rows.get(0).getText());
        assertTrue(
                rows.get(0).getText().contains("fix tls-intercepted"),
                "remediation: " + rows.get(0).getText());

        navigate(browser.findElement(By.linkText("br-ws-2")));
        assertTrue(browser.getCurrentUrl().startsWith(url("/ui/device?id=dev-")), browser.getCurrentUrl());
        assertEquals("br-ws-2", browser.findElement(By.id("device-name")).getText());
        String facts = browser.findElement(By.className("facts")).getText();
        assertTrue(facts.contains("sensor.json"), facts);
        assertTrue(facts.contains("PROXY proxy.corp:3128"), facts);
        assertTrue(facts.contains("10.2.0.22"), facts);
        assertEquals(
                2, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#results tbody tr.failed")).size());
        assertEquals(
                1, browser.findElements(By.cssSelector("#history tbody tr")).size());
    }

    @Test
    void aHostileHostNameAndDetailStayText() {
        signIn();
        browser.get(url("/ui/device?id=" + xssDevice));
        assertTrue(browser.findElement(By.className("facts")).getText().contains("Host\n" + XSS));
        assertTrue(browser.findElement(By.id("results")).getText().contains("issuer <img src=x onerror=alert(2)>"));
        assertTrue(browser.findElements(By.tagName("script")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#results img")).isEmpty());
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    }

    @Test
    void theContentSecurityPolicyBlocksInjectedInlineScript() throws Exception {
        signIn();
        // WebDriver's own script runs (it is the debugger, outside the page's policy); a script element
        // it inserts is the page's, and the policy forbids running it.
        browser.executeScript("var s = document.createElement('script');"
                + " s.textContent = 'document.title = \"injected\"'; document.body.appendChild(s);");
        Thread.sleep(200);
        assertTrue(!"injected".equals(browser.getTitle()), "inline script ran: " + browser.getTitle());
        assertEquals(
                Dashboard.CSP,
                h.get("/ui/login")
                        .headers()
                        .firstValue("Content-Security-Policy")
                        .orElse(null));
    }
}
