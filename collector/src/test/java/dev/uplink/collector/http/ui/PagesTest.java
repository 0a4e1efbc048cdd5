package dev.uplink.collector.http.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.SiteSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagesTest {

    static final Instant T = Instant.parse("2026-12-01T19:00:00Z");

    @ParameterizedTest
    @CsvSource({"0, 10, ok", "1, 11, some", "1, 10, many", "4, 9, many", "1, 2, most", "5, 5, most"})
    void shadeIsTheShareOfFailingDevices(int failing, int devices, String shade) {
        assertEquals(shade, Pages.shade(new HealthCell("s", "e", devices, failing, Map.of())));
    }

    @Test
    void escapesMarkupQuotesAndControlCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;\uFFFD\t", Html.escape("<a href=\"x\">&'\u0007\t"));
        assertEquals(
                "/ui/cell?site=a+b%26c&endpoint=%3Cx%3E", Html.url("/ui/cell", "site", "a b&c", "endpoint", "<x>"));
    }

    @Test
    void longListsAreCutWithACount() {
        List<DeviceHealth> devices = new ArrayList<>();
        for (int i = 0; i < Pages.MAX_ROWS + 7; i++) {
            devices.add(new DeviceHealth(
                    "dev-" + i,
                    "ws-" + i,
                    "hq",
                    T,
                    T,
                    true,
                    List.of(new FailingProbe(
                            "https://e/", "e", "sensor", "DIRECT", "dns-failed", null, null, null, null, null))));
        }
        HealthDocument doc = new HealthDocument(
                T,
                List.of(new SiteSummary("hq", devices.size(), devices.size(), devices.size())),
                List.of(new HealthCell(
                        "hq", "e", devices.size(), devices.size(), Map.of("dns-failed", devices.size()))),
                devices);
        String matrix = Pages.matrix(doc, "alice", "csrf", false);
        assertEquals(Pages.MAX_ROWS, matrix.split("<tr class=\"stale\">", -1).length - 1);
        assertTrue(matrix.contains("and 7 more"), "the cut is said");
        String cell = Pages.cell(doc, "hq", "e", "alice", "csrf", false);
        assertEquals(Pages.MAX_ROWS, cell.split("<tr class=\"stale\">", -1).length - 1);
        assertTrue(cell.contains("and 7 more"));
    }
}
