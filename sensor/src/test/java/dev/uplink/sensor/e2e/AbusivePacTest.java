package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.protocol.IdAndSecret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor whose AutoconfigUrl names an abusive PAC (docs/behaviour.md#pac-sandbox-and-limits): a
 * search over millions of characters used to run for minutes inside one builtin call, and the
 * sensor accepted events but delivered none, its status went stale, and replacing the PAC did not
 * help until a restart. Now the evaluation fails at its limit, events go DIRECT, the status stays
 * alive and names the PAC failure, and a replaced PAC is followed without a restart.
 */
class AbusivePacTest {

    private static final String ABUSIVE = """
            function FindProxyForURL(url, host) {
              var s = 'a'.repeat(3e6);
              var n = 'a'.repeat(1e6) + 'b';
              return s.indexOf(n) < 0 ? 'PROXY 127.0.0.1:9' : 'DIRECT';
            }
            """;

    @TempDir
    Path dir;

    @Test
    void abusivePacFallsBackDirectIsReportedAndAReplacementIsFollowed() throws Exception {
        Path pac = dir.resolve("proxy.pac");
        Files.writeString(pac, ABUSIVE);
        Path etc = Files.createDirectories(dir.resolve("etc"));
        new ConfigStore(etc)
                .saveWinHttp(new WinHttpSettings(null, null, pac.toUri().toString(), false));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once closed: the proxy is refused
        }
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-abusive-pac");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    etc,
                    collector.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    Duration.ofMillis(1))) { // the PAC's refused proxy is tried first every time

                long start = System.nanoTime();
                List<String> acked = sensor.send("abusive", 20);
                SensorLab.awaitStored(collector, device, acked);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 15_000, "delivery with the abusive PAC took " + ms + " ms");

                JsonNode failing = SensorLab.awaitStatus(
                        sensor, s -> s.path("routes").path("autoConfigFailure").isObject());
                JsonNode routes = failing.get("routes");
                assertEquals("DIRECT", routes.get("configured").asText(), routes.toString());
                JsonNode failure = routes.get("autoConfigFailure");
                assertEquals("PAC", failure.get("source").asText());
                assertTrue(failure.get("message").asText().contains("time limit"), failure.toString());
                assertTrue(failure.get("message").asText().contains(pac.toUri().toString()), failure.toString());

                // alive: the status keeps being rewritten while the PAC keeps failing
                Instant first = Instant.parse(failing.get("updatedAt").asText());
                JsonNode later = SensorLab.awaitStatus(
                        sensor, s -> Instant.parse(s.get("updatedAt").asText()).isAfter(first.plusSeconds(1)));
                assertTrue(later.get("running").asBoolean());
                assertTrue(later.path("routes").path("autoConfigFailure").isObject(), later.toString());

                // the administrator replaces the PAC: followed without a restart, proxy first, then DIRECT
                Files.writeString(
                        pac, "function FindProxyForURL(u, h) { return 'PROXY 127.0.0.1:" + closed + "; DIRECT'; }");
                String expected = "PROXY 127.0.0.1:" + closed + "; DIRECT";
                JsonNode fixed = SensorLab.awaitStatus(
                        sensor,
                        s -> s.path("routes").path("configured").asText().equals(expected));
                assertTrue(fixed.path("routes").path("autoConfigFailure").isNull(), fixed.toString());

                List<String> more = sensor.send("replaced", 1); // one batch: its route is the last one
                SensorLab.awaitStored(collector, device, more);
                // the collector stores before it answers: the sender notes the route a moment later
                String fellBack = "DIRECT (fell back from PROXY 127.0.0.1:" + closed + ")";
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(5),
                                () -> fellBack.equals(sensor.sender().lastRoute())),
                        () -> "the replaced PAC's proxy is tried first, then its DIRECT; last route "
                                + sensor.sender().lastRoute() + ": "
                                + sensor.sender().configuredResolution().explain());
            }
        }
    }
}
