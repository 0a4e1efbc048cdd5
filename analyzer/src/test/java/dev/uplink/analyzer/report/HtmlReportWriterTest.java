package dev.uplink.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void untrustedTextIsEscaped() {
        String html = HtmlReportWriter.render(ReportFixtures.sample());
        assertFalse(html.contains("<script>"), "the hostile URL must not become markup");
        assertFalse(html.contains("<b>evil</b>"));
        assertTrue(
                html.contains(
                        HtmlReportWriter.breakable("&lt;script&gt;alert(1)&lt;/script&gt;?a=1&amp;b=&quot;2&quot;")),
                html);
        assertFalse(html.contains("hunter2"));
        assertFalse(html.contains("s3cret"));
        assertFalse(html.contains("<script"), "no scripts at all");
        assertFalse(
                Pattern.compile("(src|href)=\"?(https?:)?//").matcher(html).find(), "nothing fetched from the network");
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void matrixHasOneRowPerUrlAndAClassPerOutcome() {
        String html = HtmlReportWriter.render(ReportFixtures.sample());
        assertEquals(3, count(html, "<tr class=\"url-row\">"));
        assertEquals(4, count(html, "<td class=\"succeeded\""));
        assertEquals(4, count(html, "<td class=\"failed\""));
        assertEquals(7, count(html, "<td class=\"not-configured\""));
        assertTrue(html.contains("<li><code>proxy-denied</code>: " + ReportFixtures.DENIED_FIX + "</li>"), html);
    }

    /** Problem-first: the unreachable URL is the first row, and each cause gets its fix for exactly its hosts. */
    @Test
    void unreachableFirstAndFailuresGroupedByCauseWithTheirFix() {
        String html = HtmlReportWriter.render(ReportFixtures.sample());
        int hostile = html.indexOf("evil.<wbr>example");
        int ok = html.indexOf("us-v20.<wbr>events");
        assertTrue(hostile > 0 && hostile < ok, "the unreachable URL comes first");
        assertTrue(html.contains("<section class=\"cause\" id=\"cause-proxy-denied\">"), html);
        assertTrue(html.contains("<code>proxy-denied</code> &mdash; 2 failures"), html);
        assertTrue(
                html.contains("acl uplink_allowed dstdomain winatp-gw-eus.microsoft.com&#10;"
                        + "http_access allow uplink_allowed"),
                html);
        assertTrue(
                html.contains("# these names must resolve (or use a proxy that resolves them)&#10;evil.example"), html);
        // refused by the named proxy, not by the destination: no firewall line for the destination
        assertFalse(html.contains("# allow outbound TCP to"), html);
        assertFalse(html.contains("dstdomain us-v20"), "a host that did not fail is in no fix");
        assertTrue(html.contains(">Doesn&#39;t exist<"), "same wording as the text report");
        assertFalse(html.contains("Not configured"));
    }

    /** Where the sensor's route works, a failure of a route it does not use is shown, but not as an alarm. */
    @Test
    void aFailedMethodTheWorkingSensorRouteDoesNotUseIsNoAlarm() {
        UrlResult r = UrlResult.of(
                "https://x.example/ping",
                new SensorRoute("PROXY 10.0.0.6:8080", "succeeded via PROXY 10.0.0.6:8080 (200)"),
                List.of(
                        MethodResult.notConfigured(ProbeMethod.DEFAULT_PROXY),
                        MethodResult.notConfigured(ProbeMethod.WPAD),
                        MethodResult.failed(
                                ProbeMethod.PROXY_DISABLED, "DIRECT", null, "connect-timeout", "", "open it", 3),
                        MethodResult.succeeded(ProbeMethod.NAMED_PROXY, "PROXY 10.0.0.6:8080", 200, 5),
                        MethodResult.failed(
                                ProbeMethod.COMMAND_LINE_PROXY,
                                "PROXY 10.0.0.9:3128",
                                null,
                                "connect-refused",
                                "",
                                "",
                                3)));
        String html = HtmlReportWriter.render(AnalysisReport.of(List.of(r), Map.of(), java.time.Instant.EPOCH));
        assertEquals(2, count(html, "<td class=\"unused\""), html);
        assertEquals(0, count(html, "<td class=\"failed\""), html);
        assertTrue(html.contains("not the sensor&#39;s route, which works"), html);

        // the same failure on a route the sensor does use stays an alarm
        UrlResult used = UrlResult.of(
                "https://x.example/ping",
                new SensorRoute("PROXY 10.0.0.9:3128; DIRECT", "succeeded via DIRECT (200), fell back"),
                r.methods());
        String html2 = HtmlReportWriter.render(AnalysisReport.of(List.of(used), Map.of(), java.time.Instant.EPOCH));
        assertEquals(2, count(html2, "<td class=\"failed\""), html2);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Process chromium(Path profile, List<String> extra, Path html) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1200,800"));
        cmd.addAll(extra);
        cmd.add(html.toUri().toString());
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String run(Process p) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void rendersInChromium(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM);
        Path html = Files.writeString(
                dir.resolve("UplinkAnalyzerResult.html"), HtmlReportWriter.render(ReportFixtures.sample()));
        Path png = dir.resolve("shot.png");

        Process shot = chromium(Files.createDirectory(dir.resolve("profile1")), List.of("--screenshot=" + png), html);
        run(shot);
        assertTrue(Files.size(png) > 0, "no screenshot written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "screenshot is not a PNG");
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertTrue(colours.size() > 20, "screenshot looks blank: " + colours.size() + " colours");
        assertTrue(nonWhite > image.getWidth() * image.getHeight() / 50, "too few non-white pixels: " + nonWhite);
        for (String colour : List.of(
                HtmlReportWriter.SUCCEEDED_COLOUR,
                HtmlReportWriter.FAILED_COLOUR,
                HtmlReportWriter.NOT_CONFIGURED_COLOUR)) {
            int wanted = Integer.parseInt(colour.substring(1), 16);
            long pixels = colours.stream().filter(c -> close(c, wanted)).count();
            assertTrue(pixels > 0, "cell colour " + colour + " is not in the screenshot");
            assertTrue(countPixels(image, wanted) > 500, "too few pixels of " + colour);
        }

        String dom = run(chromium(Files.createDirectory(dir.resolve("profile2")), List.of("--dump-dom"), html));
        assertTrue(dom.contains("<table id=\"matrix\">"), dom);
        Matcher rows = Pattern.compile("<tr class=\"url-row\">").matcher(dom);
        int n = 0;
        while (rows.find()) {
            n++;
        }
        assertEquals(3, n, "one matrix row per URL");
        assertFalse(dom.contains("<script>alert(1)"), "the hostile URL stayed text");
        int firstRow = dom.indexOf("<tr class=\"url-row\">");
        assertTrue(dom.indexOf("evil.", firstRow) < dom.indexOf("us-v20.", firstRow), "unreachable URL first");
        assertTrue(dom.contains("id=\"cause-proxy-denied\""), dom);
        assertTrue(dom.contains("<wbr>"), "URLs may wrap at dots and slashes");
    }

    private static boolean close(int a, int b) {
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) <= 3
                && Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff)) <= 3
                && Math.abs((a & 0xff) - (b & 0xff)) <= 3;
    }

    private static int countPixels(BufferedImage image, int wanted) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y) & 0xffffff, wanted)) {
                    n++;
                }
            }
        }
        return n;
    }
}
