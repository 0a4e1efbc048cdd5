package dev.uplink.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemShowCommandTest {

    @TempDir
    Path root;

    void write(String absolute, String text) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    void machine() throws IOException {
        write(
                "/etc/systemd/system/uplink-sensor.service.d/proxy.conf",
                "[Service]\nEnvironment=HTTPS_PROXY=http://a.example:3128\n");
        write("/lib/systemd/system/uplink-sensor.service", "[Service]\nExecStart=/usr/local/bin/uplink sensor run\n");
        write(
                "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json",
                "{\"cloudService\":{\"proxy\":\"http://user:s3cret@b.example:8080/\"}}");
        write("/etc/xdg/kioslaverc", "[Proxy Settings]\nProxyType=2\nProxy Config Script=http://pac.example/p.pac\n");
        write("/etc/apt/apt.conf", "Acquire::http::Proxy \"http://a.example:3128\"");
    }

    @Test
    void jsonHasTheIssuesShape() throws IOException {
        machine();
        InProcess.Result r = InProcess.run(
                "system",
                "show",
                "--root",
                root.toString(),
                "--config-dir",
                root.resolve("uplink").toString(),
                "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(4, doc.get("sources").size(), r.out());
        JsonNode unit = doc.get("sources").get(0);
        assertEquals("sensor-unit", unit.get("kind").asText());
        assertEquals("system", unit.get("scope").asText());
        assertEquals("https=a.example:3128", unit.get("proxy").asText());
        assertTrue(unit.get("bypass").isNull());
        assertTrue(unit.get("pacUrl").isNull());
        assertTrue(unit.get("autoDetect").isNull());
        assertTrue(
                unit.get("location").asText().contains("/lib/systemd/system/uplink-sensor.service and 1 drop-in(s)"));
        JsonNode kde = doc.get("sources").get(3);
        assertEquals("kde", kde.get("kind").asText());
        assertEquals("user", kde.get("scope").asText());
        assertEquals("http://pac.example/p.pac", kde.get("pacUrl").asText());
        assertEquals("sensor-unit", doc.get("effective").get("kind").asText());
        assertEquals(
                "the environment the sensor's service starts with",
                doc.get("effective").get("reason").asText());
        JsonNode first = doc.get("conflicts").get(0);
        assertTrue(
                first.get("message").asText().startsWith("the sensor's systemd unit (unit uplink-sensor.service ("),
                first.toString());
        assertTrue(
                first.get("message").asText().contains(" says cloudService.proxy=http://***@b.example:8080/ "),
                first.toString());
        assertEquals("vendor-managed", first.get("sources").get(1).get("kind").asText());
        // apt's proxy is a different URL scheme entry (http= against https=): also a conflict.
        assertEquals(4, doc.get("conflicts").size(), r.out());
        assertFalse(r.out().contains("s3cret"), r.out());
    }

    @Test
    void textNamesTheChoiceAndTheConflicts() throws IOException {
        machine();
        InProcess.Result r = InProcess.run(
                "system",
                "show",
                "--root",
                root.toString(),
                "--config-dir",
                root.resolve("uplink").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out()
                        .startsWith("Proxy sources (root " + root + "):\n\n  the sensor's systemd unit [system: the "
                                + "uplink sensor's service]\n"),
                r.out());
        assertTrue(
                r.out().contains("\nSensor's service: proxy https=a.example:3128 from the sensor's systemd unit"),
                r.out());
        assertTrue(r.out().contains("\nConflicts:\n  - the sensor's systemd unit"), r.out());
        assertFalse(r.out().contains("s3cret"), r.out());
    }

    @Test
    void anEmptyRootHasNoSources() {
        InProcess.Result r = InProcess.run(
                "system",
                "show",
                "--root",
                root.toString(),
                "--config-dir",
                root.resolve("uplink").toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                "Proxy sources (root " + root + "):\n    (none found)\n\nSensor's service: no machine setting\n"
                        + "    because no setting reaches system services: the sensor goes by uplink's own settings, else DIRECT\n",
                r.out());
    }

    @Test
    void uplinksOwnSettingsComeFirst() throws IOException {
        machine();
        Path own = Files.createDirectory(root.resolve("own"));
        assertEquals(
                0,
                InProcess.run("winhttp", "set", "proxy", "10.0.0.7:3128", "--config-dir", own.toString())
                        .exit());
        InProcess.Result r = InProcess.run("system", "show", "--root", root.toString(), "--config-dir", own.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out()
                        .contains("\nSensor's service: uplink's system-wide proxy 10.0.0.7:3128 (" + own
                                + "/winhttp.json)\n    because uplink's own settings come before the machine's; the machine's would "
                                + "be:\nSensor's service: proxy https=a.example:3128"),
                r.out());
        InProcess.Result json =
                InProcess.run("system", "show", "--root", root.toString(), "--config-dir", own.toString(), "--json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(own.toString(), doc.at("/uplink/configDir").asText());
        assertTrue(doc.at("/uplink/decides").asText().startsWith("uplink's system-wide proxy 10.0.0.7:3128"));
    }

    @Test
    void aRootThatIsNotADirectoryIsAUsageError() {
        InProcess.Result r = InProcess.run(
                "system", "show", "--root", root.resolve("missing").toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                "uplink: --root " + root.resolve("missing") + " is not a directory: expected the directory that "
                        + "holds the machine's /etc (e.g. a mounted disk image)\n",
                r.err());
    }
}
