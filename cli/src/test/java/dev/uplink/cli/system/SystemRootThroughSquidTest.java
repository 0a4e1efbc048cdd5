package dev.uplink.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a Linux root whose sensor unit sets {@code HTTPS_PROXY} to a real Squid, an empty
 * uplink configuration, and {@code resolve --explain} and {@code analyze} going through that Squid
 * because of the unit (docs/behaviour.md#route-precedence, docs/behaviour.md#probe-methods).
 */
class SystemRootThroughSquidTest {

    static final String HOST = "service.corp.example";

    @TempDir
    Path dir;

    @Test
    void theSensorUnitsProxyDecidesResolveAndAnalyzeMethodOne() throws IOException {
        assumeTrue(SquidHarness.canRun(), "needs root and squid-openssl");
        try (TlsOrigin origin = TlsOrigin.start(HOST);
                SquidHarness squid = SquidHarness.builder().hosts(HOST).start()) {
            Path root = dir.resolve("machine");
            Path dropIn = root.resolve("etc/systemd/system/uplink-sensor.service.d/proxy.conf");
            Files.createDirectories(dropIn.getParent());
            Files.writeString(
                    root.resolve("etc/systemd/system/uplink-sensor.service"), "[Service]\nExecStart=/bin/true\n");
            Files.writeString(dropIn, "[Service]\nEnvironment=\"HTTPS_PROXY=http://" + squid.openProxy() + "\"\n");
            Path config = Files.createDirectory(dir.resolve("config"));
            String url = "https://" + HOST + ":" + origin.httpsPort() + "/ping";
            String viaSquid = "PROXY " + squid.openProxy();

            InProcess.Result resolved = InProcess.run(
                    "resolve", url, "--config-dir", config.toString(), "--system-root", root.toString(), "--explain");
            assertEquals(0, resolved.exit(), resolved.toString());
            assertTrue(resolved.out().contains("Routes : " + viaSquid + "\n"), resolved.out());
            assertTrue(
                    resolved.out()
                            .contains("[MACHINE_SETTINGS] uplink has no system-wide proxy of its own "
                                    + "(winhttp.json): using the machine's service setting from the sensor's systemd unit (unit "
                                    + "uplink-sensor.service (" + root
                                    + "/etc/systemd/system/uplink-sensor.service and 1 drop-in(s)))"),
                    resolved.out());
            // Switched off, the same command goes DIRECT: the root, not this machine, decided.
            InProcess.Result off =
                    InProcess.run("resolve", url, "--config-dir", config.toString(), "--system-root", "off");
            assertEquals("DIRECT\n", off.out(), off.toString());

            Path ca = dir.resolve("ca.pem");
            Pem.writeCertificates(List.of(origin.caCertificate()), ca);
            Path urls = Files.writeString(dir.resolve("urls.txt"), url + "\n");
            Path out = dir.resolve("report");
            InProcess.Result analyzed = InProcess.run(
                    "analyze",
                    "--config-dir",
                    config.toString(),
                    "--system-root",
                    root.toString(),
                    "--urls",
                    urls.toString(),
                    "--ca-file",
                    ca.toString(),
                    "--resolve",
                    HOST + ":" + origin.httpsPort() + ":127.0.0.1",
                    "--timeout",
                    "5s",
                    "--out",
                    out.toString());
            assertEquals(0, analyzed.exit(), analyzed + squid.diagnostics());
            assertTrue(
                    analyzed.out()
                            .contains("\nMachine proxy settings (uplink system show):\n  the sensor's systemd "
                                    + "unit [system]: proxy https=" + squid.openProxy()
                                    + " (unit uplink-sensor.service"),
                    analyzed.out());
            JsonNode report = new ObjectMapper()
                    .readTree(out.resolve("UplinkAnalyzerResult.json").toFile());
            JsonNode result = report.get("results").get(0);
            JsonNode method1 = result.get("methods").get(0);
            assertEquals("succeeded", method1.get("outcome").asText(), method1.toString());
            assertEquals(viaSquid, method1.get("route").asText(), method1.toString());
            assertEquals(viaSquid, result.at("/sensorRoute/routes").asText(), result.toString());
            assertTrue(
                    result.at("/sensorRoute/outcome").asText().startsWith("succeeded via " + viaSquid),
                    result.toString());
            assertTrue(squid.accessLog().contains(HOST + ":" + origin.httpsPort()), squid.accessLog());
            JsonNode configuration = report.get("configuration");
            assertTrue(
                    configuration.get("winhttpFrom").asText().startsWith("the sensor's systemd unit"),
                    configuration.toString());
            assertEquals(
                    "sensor-unit",
                    configuration.at("/machineSources/sources/0/kind").asText(),
                    configuration.toString());
        }
    }
}
