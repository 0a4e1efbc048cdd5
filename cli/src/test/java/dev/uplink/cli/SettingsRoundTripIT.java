package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** set → show → reset round trips through the real launcher, asserting netsh's exact layout (a blank line first). */
class SettingsRoundTripIT {
    private static final String DIRECT = """

            Current WinHTTP proxy settings:

                Direct access (no proxy server).
            """;

    @TempDir
    Path dir;

    @Test
    void winHttpProxyRoundTrip() throws Exception {
        assertOk(DIRECT, LauncherProcess.run(dir, "winhttp", "show", "proxy"));

        String set = """

                Current WinHTTP proxy settings:

                    Proxy Server(s) :  10.0.0.6:8080
                    Bypass List     :  (none)
                """;
        assertOk(set, LauncherProcess.run(dir, "winhttp", "set", "proxy", "10.0.0.6:8080"));
        assertOk(set, LauncherProcess.run(dir, "winhttp", "show", "proxy"));
        Path file = dir.resolve("winhttp.json");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertOk(DIRECT, LauncherProcess.run(dir, "winhttp", "reset", "proxy"));
        assertOk(DIRECT, LauncherProcess.run(dir, "winhttp", "show", "proxy"));
    }

    @Test
    void perSchemeProxyWithBypassListInNamedForm() {
        String expected = """

                Current WinHTTP proxy settings:

                    Proxy Server(s) :  http=proxy.corp.example:8080;https=[fd00::6]:8443
                    Bypass List     :  *.corp.example;<local>;10.0.0.0/8
                """;
        assertOk(
                expected,
                LauncherProcess.run(
                        dir,
                        "winhttp",
                        "set",
                        "proxy",
                        "proxy-server=http=PROXY.corp.example:8080;https=[fd00::6]:8443",
                        "bypass-list=*.corp.example; <local>;10.0.0.0/8"));
        assertOk(expected, LauncherProcess.run(dir, "winhttp", "show", "proxy"));
    }

    @Test
    void advproxyKeepsAutoconfigurationAcrossProxyReset() throws Exception {
        var r = LauncherProcess.run(
                dir,
                "winhttp",
                "set",
                "advproxy",
                "setting-scope=machine",
                "settings={\"Proxy\":\"10.0.0.6:8080\",\"ProxyBypass\":\"<local>\",\"AutoconfigUrl\":\"http://pac.corp.example/proxy.pac\",\"AutoDetect\":true}");
        assertEquals(0, r.exit(), r.toString());
        JsonNode adv = new ObjectMapper()
                .readTree(LauncherProcess.run(dir, "winhttp", "show", "advproxy", "--json")
                        .out());
        assertTrue(adv.get("ProxyIsEnabled").asBoolean());
        assertEquals("10.0.0.6:8080", adv.get("Proxy").asText());
        assertEquals(
                "http://pac.corp.example/proxy.pac", adv.get("AutoconfigUrl").asText());
        assertTrue(adv.get("AutoConfigIsEnabled").asBoolean());
        assertTrue(adv.get("AutoDetect").asBoolean());

        assertOk(DIRECT, LauncherProcess.run(dir, "winhttp", "reset", "proxy"));
        adv = new ObjectMapper()
                .readTree(LauncherProcess.run(dir, "winhttp", "show", "advproxy", "--json")
                        .out());
        assertFalse(adv.get("ProxyIsEnabled").asBoolean());
        assertEquals(
                "http://pac.corp.example/proxy.pac", adv.get("AutoconfigUrl").asText());
    }

    @Test
    void policyRoundTrip() throws Exception {
        String empty = """
                Machine policy (HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection):

                    TelemetryProxyServer       :  (not set)
                    DisableEnterpriseAuthProxy :  (not set)
                """;
        assertOk(empty, LauncherProcess.run(dir, "policy", "show"));
        String set = """
                Machine policy (HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection):

                    TelemetryProxyServer       :  [fd00::6]:8080
                    DisableEnterpriseAuthProxy :  1
                """;
        assertOk(
                set,
                LauncherProcess.run(
                        dir, "policy", "set", "TelemetryProxyServer=[FD00::6]:8080", "disableenterpriseauthproxy=1"));
        assertOk(set, LauncherProcess.run(dir, "policy", "show"));
        JsonNode json = new ObjectMapper()
                .readTree(LauncherProcess.run(dir, "policy", "show", "--json").out());
        assertEquals("[fd00::6]:8080", json.get("TelemetryProxyServer").asText());
        assertEquals(1, json.get("DisableEnterpriseAuthProxy").asInt());

        String partial = """
                Machine policy (HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection):

                    TelemetryProxyServer       :  (not set)
                    DisableEnterpriseAuthProxy :  1
                """;
        assertOk(partial, LauncherProcess.run(dir, "policy", "reset", "TelemetryProxyServer"));
        assertOk(empty, LauncherProcess.run(dir, "policy", "reset"));
        assertFalse(Files.exists(dir.resolve("policy.json")));
    }

    @Test
    void idnProxyNameIsStoredAsPunycode() {
        var r = LauncherProcess.run(dir, "policy", "set", "TelemetryProxyServer=prøxy.example:3128");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("xn--prxy-hra.example:3128"), r.toString());
    }

    @Test
    void importFromEnvironment() {
        var r = LauncherProcess.run(
                dir,
                java.util.Map.of(
                        "HTTPS_PROXY",
                        "http://10.0.0.7:3128",
                        "http_proxy",
                        "10.0.0.7:3128",
                        "no_proxy",
                        "localhost,.corp.example"),
                null,
                "winhttp",
                "import",
                "proxy",
                "source=env");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Proxy Server(s) :  10.0.0.7:3128"), r.toString());
        assertTrue(r.out().contains("corp.example"), r.toString());
    }

    @Test
    void configDirFlagWinsOverEnvironment(@TempDir Path other) {
        LauncherProcess.run(dir, "winhttp", "set", "proxy", "10.0.0.6:8080");
        var r = LauncherProcess.run(dir, "winhttp", "show", "proxy", "--config-dir", other.toString());
        assertOk(DIRECT, r);
    }

    private static void assertOk(String expected, LauncherProcess.Result r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected, r.out(), r.toString());
        assertEquals("", r.err(), r.toString());
    }
}
