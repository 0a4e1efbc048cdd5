package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.Connectivity;
import dev.uplink.analyzer.catalog.Platform;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.check.ConnectivityEvent;
import dev.uplink.sensor.check.NetworkFacts;
import dev.uplink.sensor.check.ProbeReport;
import dev.uplink.sensor.check.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The check events' share of the sensor's delivery load at the default interval
 * (docs/behaviour.md#connectivity-check-load): the real probe set of a US Linux device (the
 * catalog's required rows plus its collector), each URL by the direct method, a system-wide proxy
 * and the sensor route, against the assumed event volume of a typical sensor; the figures are
 * printed for the docs. Sizes are deterministic: this is a bound, not a timing.
 */
class CheckEventLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Assumption: a quiet workstation's sensor sends one 400-byte event a second besides its heartbeats. */
    static final double TYPICAL_EVENTS_PER_SECOND = 1.0;

    static final int TYPICAL_EVENT_BYTES = 400;

    static final int URLS = 40;

    @Test
    void checkEventsAddLessThanFivePercentToATypicalSensorsDeliveryLoad() throws Exception {
        List<String[]> urls = new ArrayList<>(); // url, service
        urls.add(new String[] {"https://collector.corp.example:8443/ping", "uplink collector"});
        // The device's set (a streamlined US Linux device: 25 URLs today), padded to 40 with the catalog's
        // other US rows: the size the load target is stated for.
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(urls.get(0)[0]));
        for (CatalogSelection s : List.of(
                new CatalogSelection("US", Platform.LINUX, null, true, Connectivity.STREAMLINED),
                new CatalogSelection("US", null, null, false, Connectivity.STANDARD))) {
            for (ServiceEndpoint e : ServiceCatalog.builtIn().probeTargets(s)) {
                if (urls.size() < URLS && seen.add(e.probeUrl())) {
                    urls.add(new String[] {e.probeUrl(), e.service()});
                }
            }
        }
        String proxy = "PROXY proxy.corp.example:3128";
        Duration interval = ConnectivityCheckSettings.DEFAULT_INTERVAL;
        long allOk = eventBytes(report(urls, proxy, false), false);
        long allFailing = eventBytes(report(urls, proxy, true), false);
        long allOkGzip = eventBytes(report(urls, proxy, false), true);
        long allFailingGzip = eventBytes(report(urls, proxy, true), true);
        long heartbeat = heartbeatBytes(false);
        long heartbeatGzip = heartbeatBytes(true);
        double perInterval = interval.toSeconds();
        double heartbeats = perInterval / 60 * heartbeat;
        double heartbeatsGzip = perInterval / 60 * heartbeatGzip;
        double typical = heartbeats + perInterval * TYPICAL_EVENTS_PER_SECOND * TYPICAL_EVENT_BYTES;
        double shareOk = allOk / (typical + allOk);
        double shareFailing = allFailing / (typical + allFailing);
        System.out.printf(
                "probe set: %d URLs, %d results; one check event: %d B all OK (%d B gzipped), %d B all failing"
                        + " (%d B gzipped); heartbeat %d B (%d B gzipped alone)%n",
                urls.size(), urls.size() * 3, allOk, allOkGzip, allFailing, allFailingGzip, heartbeat, heartbeatGzip);
        System.out.printf(
                "per %d s: heartbeats at 60 s %.0f B (%.0f B gzipped), typical sensor %.0f B; check share of the"
                        + " typical load %.2f %% (all OK) / %.2f %% (all failing); of heartbeats alone %.0f %% / %.0f %%"
                        + " raw, %.0f %% / %.0f %% gzipped%n",
                interval.toSeconds(),
                heartbeats,
                heartbeatsGzip,
                typical,
                100 * shareOk,
                100 * shareFailing,
                100 * allOk / (heartbeats + allOk),
                100 * allFailing / (heartbeats + allFailing),
                100 * allOkGzip / (heartbeatsGzip + allOkGzip),
                100 * allFailingGzip / (heartbeatsGzip + allFailingGzip));
        assertTrue(urls.size() == URLS, "only " + urls.size() + " URLs in the catalog");
        assertTrue(shareFailing < 0.05, "check events are " + 100 * shareFailing + " % of the delivery load");
    }

    private static ProbeReport report(List<String[]> urls, String proxy, boolean failing) {
        List<ProbeResult> results = new ArrayList<>();
        Diagnosis d = Diagnosis.TLS_INTERCEPTED;
        for (String[] u : urls) {
            String host = URI.create(u[0]).getHost();
            for (String[] m : List.of(
                    new String[] {"1", "Default proxy", proxy},
                    new String[] {"3", "Proxy disabled", "DIRECT"},
                    new String[] {"sensor", "Sensor route", proxy})) {
                String detail = "certificate chain of " + host + ":443 was issued by 'CN=Corp Inspection CA,O=Corp"
                        + " Example', which this machine trusts but which is not one of the CAs pinned for this"
                        + " endpoint: HTTPS inspection in the path";
                results.add(
                        failing
                                ? new ProbeResult(
                                        u[0],
                                        host,
                                        u[1],
                                        m[0],
                                        m[1],
                                        m[2],
                                        "failed",
                                        d.code(),
                                        detail,
                                        d.remediation(),
                                        "CN=Corp Inspection CA,O=Corp Example",
                                        null,
                                        null,
                                        412)
                                : new ProbeResult(
                                        u[0],
                                        host,
                                        u[1],
                                        m[0],
                                        m[1],
                                        m[2],
                                        "succeeded",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        200,
                                        187));
            }
        }
        return new ProbeReport(
                proxy + "; DIRECT",
                "US",
                "linux",
                "streamlined",
                List.of("winhttp.json", "device-credential.json"),
                urls.size(),
                results);
    }

    private static long eventBytes(ProbeReport report, boolean gzip) throws Exception {
        ConnectivityEvent.Run run = new ConnectivityEvent.Run(
                UUID.randomUUID().toString(),
                "scheduled",
                Instant.parse("2026-12-01T19:00:00Z"),
                Instant.parse("2026-12-01T19:00:04.211Z"),
                ConnectivityCheckSettings.DEFAULT_INTERVAL,
                "ws-0042.corp.example",
                new NetworkFacts(
                        "corp.example", "10.1.2.1", List.of("10.1.2.34", "fd00:0:0:0:0:0:0:34"), "10.1.2.34", null));
        ObjectNode p = ConnectivityEvent.payload(run, report, 1 << 20);
        return size(JSON.writeValueAsBytes(p), gzip);
    }

    private static long heartbeatBytes(boolean gzip) throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "heartbeat");
        p.put("sequence", 1234);
        p.put("uptimeSeconds", 74_040);
        p.put("route", "PROXY proxy.corp.example:3128; DIRECT");
        return size(JSON.writeValueAsBytes(p), gzip);
    }

    /** The envelope line as delivered; gzipped alone when asked (a batch of its own). */
    private static long size(byte[] payload, boolean gzip) throws Exception {
        byte[] line = EventEnvelope.encode(
                UUID.randomUUID().toString(), Instant.parse("2026-12-01T19:00:04.211Z"), "connectivity", payload);
        if (!gzip) {
            return line.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(line);
            z.write("\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.size();
    }
}
