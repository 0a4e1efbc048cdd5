package dev.uplink.core.system;

import static dev.uplink.core.system.Blobs.blob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every export format, recognised by content, on files as the tools write them. */
class ExportedSettingsTest {

    @TempDir
    Path dir;

    static final String CONNECTIONS = "Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

    /** regedit's default: UTF-16LE with a BOM and CRLF line ends. */
    Path regUtf16(String name, String body) throws IOException {
        String text = ("Windows Registry Editor Version 5.00\n\n" + body)
                .replace("\r\n", "\n")
                .replace("\n", "\r\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xFE);
        b.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    Path text(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    ExportedSettings read(Path... files) {
        return ExportedSettings.read(List.of(files));
    }

    @Test
    void aWholeWindowsMachineInOneRegExport() throws IOException {
        byte[] winhttp = blob().dword(0x18)
                .dword(5)
                .dword(3)
                .str("10.0.0.7:3128")
                .str("<local>;*.corp.example")
                .bytes();
        Path f = regUtf16("machine.reg", """
                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]
                "TelemetryProxyServer"="10.0.0.6:8080"
                "DisableEnterpriseAuthProxy"=dword:00000001

                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection]
                "PreferStaticProxyForHttpRequest"=dword:00000001

                [HKEY_LOCAL_MACHINE\\%s]
                "WinHttpSettings"=%s

                [HKEY_CURRENT_USER\\%s]
                "DefaultConnectionSettings"=%s

                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender]
                "ProxyServer"="http://av-proxy.corp.example:8080"
                "ProxyBypass"="*.corp.example;10.*"
                """.formatted(
                        CONNECTIONS,
                        blob().dword(0x18)
                                .dword(5)
                                .dword(3)
                                .str("10.0.0.7:3128")
                                .str("<local>;*.corp.example")
                                .reg(),
                        CONNECTIONS,
                        blob().dword(0x46)
                                .dword(12)
                                .dword(5)
                                .str("")
                                .str("")
                                .str("http://pac.corp.example/p.pac")
                                .raw(0, 0, 0, 0)
                                .reg()));
        ExportedSettings r = read(f);
        assertEquals(
                List.of(
                        "machine-policy system 10.0.0.6:8080|-|-|-",
                        "winhttp system 10.0.0.7:3128|<local>;*.corp.example|-|-",
                        "wininet-user user -|-|http://pac.corp.example/p.pac|-",
                        "defender-av system av-proxy.corp.example:8080|*.corp.example;10.*|-|-"),
                r.report().sources().stream()
                        .map(s -> s.kind().word() + " " + s.scope().word() + " " + SourceParsersTest.render(s))
                        .toList());
        assertEquals(
                List.of("PreferStaticProxyForHttpRequest = REG_DWORD 1: the sensor also uses this proxy for its other "
                        + "HTTP requests"),
                r.report().sources().get(0).notes());
        assertEquals(
                f + ", HKEY_LOCAL_MACHINE\\" + CONNECTIONS + " : WinHttpSettings",
                r.report().sources().get(1).location());
        assertEquals("10.0.0.6:8080", r.policy().telemetryProxyServer().toString());
        assertEquals(1, r.policy().disableEnterpriseAuthProxy());
        assertEquals("10.0.0.7:3128", r.winHttp().proxy().toString());
        assertEquals(SourceKind.MACHINE_POLICY, r.report().effective().source().kind());
        List<String> conflicts =
                r.report().conflicts().stream().map(Conflict::message).toList();
        assertEquals(4, conflicts.size(), conflicts.toString());
        assertTrue(conflicts.get(0).startsWith("the machine policy (TelemetryProxyServer) (" + f), conflicts.get(0));
        assertTrue(conflicts.get(3).startsWith("a user's Internet Options proxy (" + f), conflicts.get(3));
        assertTrue(
                conflicts.get(3).contains("for that user's browser sessions, but services get proxy 10.0.0.6:8080"),
                conflicts.get(3));
    }

    @Test
    void proxySettingsPerUserZeroMakesTheMachineSettingCount() throws IOException {
        Path f = regUtf16("peruser.reg", """
                [HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings]
                "ProxySettingsPerUser"=dword:00000000

                [HKEY_LOCAL_MACHINE\\%s]
                "DefaultConnectionSettings"=%s

                [HKEY_USERS\\S-1-5-21-1-2-3-1001\\%s]
                "DefaultConnectionSettings"=%s
                """.formatted(
                CONNECTIONS,
                blob().dword(0x46).dword(1).dword(3).str("m:8080").str("").reg(),
                CONNECTIONS,
                blob().dword(0x46).dword(1).dword(3).str("u:8080").str("").reg()));
        List<ProxySource> s = read(f).report().sources();
        assertEquals(SourceKind.WININET_MACHINE, s.get(0).kind());
        assertEquals(List.of(), s.get(0).notes());
        assertEquals(SourceKind.WININET_USER, s.get(1).kind());
        assertEquals(
                List.of("ProxySettingsPerUser=0: Windows uses the machine-wide setting instead of this one"),
                s.get(1).notes());
    }

    @Test
    void aDeleteMarkerLaterInTheFileRemovesTheValue() throws IOException {
        Path f = text("plain.reg", """
                REGEDIT4

                [HKEY_LOCAL_MACHINE\\%s]
                "WinHttpSettings"=%s

                [-HKEY_LOCAL_MACHINE\\%s]
                """.formatted(
                        CONNECTIONS,
                        blob().dword(0x18).dword(1).dword(3).str("p:1").str("").reg(),
                        CONNECTIONS));
        ExportedSettings r = read(f);
        assertEquals(List.of(), r.report().sources());
        assertNull(r.winHttp());
        assertEquals(
                List.of(new Finding(f.toString(), "holds no proxy setting uplink reads")),
                r.report().findings());
    }

    @Test
    void aDamagedBinaryValueNamesTheLine() throws IOException {
        Path f = regUtf16("bad.reg", """
                [HKEY_LOCAL_MACHINE\\%s]
                "WinHttpSettings"=hex:18,00,00,00,01,00,00,00,03,00,00,00,ff,00,00,00,41
                """.formatted(CONNECTIONS));
        var e = assertThrows(InvalidInputException.class, () -> read(f));
        assertTrue(
                e.getMessage()
                        .startsWith(f + " line 4: WinHttpSettings: the proxy at offset 12 claims 255 bytes but "
                                + "1 remain ("),
                e.getMessage());
    }

    @Test
    void aWinHttpSettingsThatIsNotBinaryIsAnError() throws IOException {
        Path f =
                regUtf16("bad.reg", "[HKEY_LOCAL_MACHINE\\" + CONNECTIONS + "]\n\"WinHttpSettings\"=\"10.0.0.1:80\"\n");
        var e = assertThrows(InvalidInputException.class, () -> read(f));
        assertTrue(
                e.getMessage()
                        .startsWith(f + " line 4: WinHttpSettings is REG_SZ \"10.0.0.1:80\": expected " + "REG_BINARY"),
                e.getMessage());
    }

    @Test
    void netshCaptures() throws IOException {
        Path proxy = text("proxy.txt", """

                Current WinHTTP proxy settings:

                    Proxy Server(s) :  10.0.0.6:8080
                    Bypass List     :  <local>;*.corp.example

                """);
        Path direct =
                text("direct.txt", "Current WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n");
        Path adv = text("adv.txt", """
                Current WinHTTP advanced proxy settings:

                {
                	"ProxyIsEnabled":	false,
                	"Proxy":	"",
                	"ProxyBypass":	"",
                	"AutoConfigIsEnabled":	true,
                	"AutoconfigUrl":	"http://pac.corp.example/p.pac",
                	"AutoDetect":	true
                }
                """);
        ExportedSettings r = read(proxy, direct, adv);
        assertEquals(
                List.of(
                        "10.0.0.6:8080|<local>;*.corp.example|-|-",
                        "-|-|-|-",
                        "-|-|http://pac.corp.example/p.pac|true"),
                r.report().sources().stream().map(SourceParsersTest::render).toList());
        // The last file that says something about WinHTTP is the one written.
        assertEquals("http://pac.corp.example/p.pac", r.winHttp().autoconfigUrl());
        assertTrue(r.winHttp().autoDetect());
    }

    @Test
    void scutilCapture() throws IOException {
        Path f = text("scutil.txt", """
                <dictionary> {
                  ExceptionsList : <array> {
                    0 : *.local
                    1 : 169.254/16
                    2 : *.corp.example
                  }
                  ExcludeSimpleHostnames : 1
                  FTPPassive : 1
                  HTTPEnable : 1
                  HTTPPort : 3128
                  HTTPProxy : proxy.corp.example
                  HTTPSEnable : 1
                  HTTPSPort : 3128
                  HTTPSProxy : proxy.corp.example
                  ProxyAutoDiscoveryEnable : 0
                }
                """);
        ProxySource s = read(f).report().sources().get(0);
        assertEquals(SourceKind.MACOS_SYSTEM, s.kind());
        assertEquals("proxy.corp.example:3128|<local>;*.local;*.corp.example|-|-", SourceParsersTest.render(s));
        assertEquals(1, s.notes().size());
        assertTrue(
                s.notes().get(0).startsWith("bypass entry '169.254/16' left out: "),
                s.notes().toString());
    }

    @Test
    void mobileconfigForTheVendorAgent() throws IOException {
        Path f = text("wdav.mobileconfig", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>PayloadContent</key>
                  <array>
                    <dict>
                      <key>PayloadType</key>
                      <string>com.microsoft.wdav</string>
                      <key>cloudService</key>
                      <dict>
                        <key>enabled</key>
                        <true/>
                        <key>proxy</key>
                        <string>http://edr-proxy.corp.example:8080/</string>
                      </dict>
                    </dict>
                  </array>
                  <key>PayloadType</key>
                  <string>Configuration</string>
                </dict>
                </plist>
                """);
        ExportedSettings r = read(f);
        ProxySource s = r.report().sources().get(0);
        assertEquals(SourceKind.MACOS_VENDOR_PROFILE, s.kind());
        assertEquals(f + " (com.microsoft.wdav)", s.location());
        assertEquals("edr-proxy.corp.example:8080", s.proxy());
        assertEquals(
                "edr-proxy.corp.example:8080", r.policy().telemetryProxyServer().toString());
    }

    @Test
    void aPlistCannotMakeUplinkReadAnotherFile() throws IOException {
        Path secret = text("secret.txt", "proxy.from.another.file:1");
        Path f = text("evil.plist", """
                <?xml version="1.0"?>
                <!DOCTYPE plist [ <!ENTITY x SYSTEM "file://%s"> ]>
                <plist><dict><key>cloudService</key><dict><key>proxy</key><string>&x;</string></dict></dict></plist>
                """.formatted(secret));
        try {
            ExportedSettings r = read(f);
            r.report()
                    .sources()
                    .forEach(s -> assertTrue(s.proxy() == null || !s.proxy().contains("another"), s.toString()));
        } catch (InvalidInputException refused) {
            assertTrue(
                    refused.getMessage().startsWith(f + " is not a well-formed XML property list"),
                    refused.getMessage());
        }
    }

    @Test
    void unknownContentIsRefusedNamingTheFileAndTheExpectedForms() throws IOException {
        Path f = text("notes.txt", "hello\n");
        var e = assertThrows(InvalidInputException.class, () -> read(f));
        assertEquals(
                f + " is not a recognised export (it starts with 'hello'): " + ExportedSettings.EXPECTED,
                e.getMessage());
        Path netsh = text("half.txt", "Current WinHTTP proxy settings:\n\n");
        e = assertThrows(InvalidInputException.class, () -> read(netsh));
        assertTrue(e.getMessage().startsWith(netsh + ": has the title"), e.getMessage());
        Path plist = text("bad.plist", "<?xml version=\"1.0\"?><plist><dict>");
        e = assertThrows(InvalidInputException.class, () -> read(plist));
        assertTrue(e.getMessage().startsWith(plist + " is not a well-formed XML property list"), e.getMessage());
    }
}
