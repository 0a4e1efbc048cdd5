package dev.uplink.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemImportCommandTest {

    @TempDir
    Path dir;

    /** A reg export as regedit writes it (UTF-16LE, BOM, CRLF): machine policy and the WinHTTP proxy. */
    Path machineReg() throws IOException {
        // WinHttpSettings: version 0x18, counter 2, flags 3 (direct + proxy), "10.0.0.7:3128", "*.corp.example"
        String text = """
                Windows Registry Editor Version 5.00

                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]
                "TelemetryProxyServer"="10.0.0.6:8080"

                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections]
                "WinHttpSettings"=hex:18,00,00,00,02,00,00,00,03,00,00,00,0d,00,00,00,31,30,2e,30,2e,\\
                  30,2e,37,3a,33,31,32,38,0e,00,00,00,2a,2e,63,6f,72,70,2e,65,78,61,6d,70,6c,65
                """.replace("\n", "\r\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xFE);
        b.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        return Files.write(dir.resolve("machine.reg"), b.toByteArray());
    }

    @Test
    void importsPrintsAndWritesTheEquivalentSettings() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        InProcess.Result r =
                InProcess.run("system", "import", machineReg().toString(), "--config-dir", config.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out()
                        .contains(
                                "  the WinHTTP default proxy [system: services that use WinHTTP, the EDR sensor among them]\n"
                                        + "    location : " + dir.resolve("machine.reg")),
                r.out());
        assertTrue(r.out().contains("\nSensor's service: proxy 10.0.0.6:8080 from the machine policy"), r.out());
        assertTrue(r.out().endsWith("""
                Wrote uplink's equivalent settings to %s:
                    TelemetryProxyServer = 10.0.0.6:8080
                    DisableEnterpriseAuthProxy = (not set)
                    Proxy = 10.0.0.7:3128
                    ProxyBypass = *.corp.example
                    AutoconfigUrl = (not set)
                    AutoDetect = false
                """.formatted(config)), r.out());
        // "What would the sensor on that machine do": the machine policy first, WinHTTP's bypass for method 1.
        InProcess.Result resolved = InProcess.run("resolve", "https://x.example/", "--config-dir", config.toString());
        assertEquals("PROXY 10.0.0.6:8080; DIRECT\n", resolved.out(), resolved.toString());
        InProcess.Result winhttp = InProcess.run("winhttp", "show", "proxy", "--config-dir", config.toString());
        assertTrue(winhttp.out().contains("Proxy Server(s) :  10.0.0.7:3128"), winhttp.toString());
    }

    @Test
    void jsonListsSourcesConflictsAndWhatWasWritten() throws IOException {
        Path scutil = Files.writeString(dir.resolve("scutil.txt"), """
                <dictionary> {
                  HTTPSEnable : 1
                  HTTPSPort : 8080
                  HTTPSProxy : mac-proxy.example
                }
                """);
        InProcess.Result r = InProcess.run("system", "import", machineReg().toString(), scutil.toString(), "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("2 files", doc.get("read").asText());
        assertEquals(3, doc.get("sources").size(), r.out());
        assertEquals("machine-policy", doc.get("sources").get(0).get("kind").asText());
        assertEquals("winhttp", doc.get("sources").get(1).get("kind").asText());
        assertEquals("*.corp.example", doc.get("sources").get(1).get("bypass").asText());
        assertEquals("macos-system", doc.get("sources").get(2).get("kind").asText());
        assertEquals(
                "https=mac-proxy.example:8080",
                doc.get("sources").get(2).get("proxy").asText());
        assertEquals("machine-policy", doc.get("effective").get("kind").asText());
        assertEquals(3, doc.get("conflicts").size(), r.out());
        assertTrue(doc.get("written").isNull());
    }

    @Test
    void anUnknownFileIsAnErrorAndNothingIsWritten() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        assertEquals(
                0,
                InProcess.run("policy", "set", "TelemetryProxyServer=192.0.2.9:1", "--config-dir", config.toString())
                        .exit());
        byte[] before = Files.readAllBytes(config.resolve("policy.json"));
        Path junk = Files.writeString(dir.resolve("junk.txt"), "proxy=10.0.0.1:80\n");
        InProcess.Result r = InProcess.run(
                "system", "import", machineReg().toString(), junk.toString(), "--config-dir", config.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .startsWith("uplink: " + junk + " is not a recognised export (it starts with "
                                + "'proxy=10.0.0.1:80'): expected a Windows 'reg export' file"),
                r.err());
        assertEquals("", r.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(config.resolve("policy.json"))));
        assertFalse(Files.exists(config.resolve("winhttp.json")));
    }

    @Test
    void aMissingFileIsAUsageError() {
        InProcess.Result r =
                InProcess.run("system", "import", dir.resolve("none.reg").toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                "uplink: " + dir.resolve("none.reg") + ": no such file: expected an exported settings file\n", r.err());
    }
}
