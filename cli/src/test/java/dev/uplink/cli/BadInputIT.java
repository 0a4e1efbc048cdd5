package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input ends with exit code 2, a message on stderr that names the input, nothing on
 * stdout, and the configuration files exactly as they were.
 */
class BadInputIT {
    @TempDir
    static Path dir;

    @TempDir
    static Path files;

    @BeforeAll
    static void validConfiguration() throws IOException {
        assertEquals(
                0,
                LauncherProcess.run(dir, "policy", "set", "TelemetryProxyServer=10.0.0.6:8080")
                        .exit());
        assertEquals(
                0,
                LauncherProcess.run(dir, "winhttp", "set", "proxy", "10.0.0.7:3128", "<local>")
                        .exit());
        Files.writeString(files.resolve("bad.json"), "{\"Proxy\": 42}");
        Files.writeString(files.resolve("unknown-key.json"), "{\"Proxxy\": \"a:1\"}");
        Files.write(files.resolve("garbage.reg"), new byte[] {0, 1, 2, 3, (byte) 0xff});
        Files.writeString(
                files.resolve("scheme.reg"),
                "Windows Registry Editor Version 5.00\r\n\r\n"
                        + "[HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection]\r\n"
                        + "\"TelemetryProxyServer\"=\"http://10.0.0.6:8080\"\r\n",
                StandardCharsets.UTF_8);
        Files.writeString(files.resolve("notpol.pol"), "PRe");
    }

    static Stream<Arguments> badInputs() {
        String f = files.toString();
        return Stream.of(
                // policy set
                Arguments.of(
                        new String[] {"policy", "set", "TelemetryProxyServer=http://10.0.0.6:8080"}, "has a scheme"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=10.0.0.6"}, "has no port"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=10.0.0.6:0"}, "out of range"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=10.0.0.6:65536"}, "out of range"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=10.0.0.6:80a"}, "not a number"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=300.1.1.1:80"}, "not a valid IPv4"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=fd00::6:8080"}, "brackets"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=[fd00::zz]:8080"}, "not an IPv6"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=bad_host:8080"}, "RFC 1123"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer=-lead.example:8080"}, "RFC 1123"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer="}, "empty"),
                Arguments.of(new String[] {"policy", "set", "DisableEnterpriseAuthProxy=2"}, "expected 0 or 1"),
                Arguments.of(new String[] {"policy", "set", "DisableEnterpriseAuthProxy=yes"}, "expected 0 or 1"),
                Arguments.of(new String[] {"policy", "set", "ProxyServer=10.0.0.6:8080"}, "unknown policy value"),
                Arguments.of(new String[] {"policy", "set", "TelemetryProxyServer"}, "is not NAME=VALUE"),
                Arguments.of(
                        new String[] {"policy", "set", "DisableEnterpriseAuthProxy=1", "TelemetryProxyServer=x:1:2"},
                        "TelemetryProxyServer"),
                Arguments.of(new String[] {"policy", "set"}, "Missing required parameter"),
                Arguments.of(new String[] {"policy", "reset", "Nope"}, "unknown policy value"),
                Arguments.of(new String[] {"policy", "import", f + "/missing.reg"}, "missing.reg"),
                Arguments.of(new String[] {"policy", "import", f + "/garbage.reg"}, "garbage.reg"),
                Arguments.of(new String[] {"policy", "import", f + "/scheme.reg"}, "has a scheme"),
                Arguments.of(new String[] {"policy", "import", f + "/notpol.pol"}, "notpol.pol"),
                Arguments.of(new String[] {"policy", "frobnicate"}, "Unmatched argument"),
                // winhttp
                Arguments.of(new String[] {"winhttp", "set", "proxy"}, "missing proxy-server"),
                Arguments.of(new String[] {"winhttp", "set", "proxy", "http://10.0.0.6:8080"}, "has a scheme"),
                Arguments.of(
                        new String[] {"winhttp", "set", "proxy", "proxy-server=gopher=10.0.0.6:70"},
                        "not http, https, ftp or socks"),
                Arguments.of(new String[] {"winhttp", "set", "proxy", "proxy-server=http=a:1;http=b:2"}, "twice"),
                Arguments.of(new String[] {"winhttp", "set", "proxy", "proxy-server=http=a:99999"}, "out of range"),
                Arguments.of(new String[] {"winhttp", "set", "proxy", "a:1", "b", "c"}, "unexpected argument"),
                Arguments.of(
                        new String[] {"winhttp", "set", "proxy", "proxy-server=a:1", "proxy-server=b:2"},
                        "given twice"),
                Arguments.of(new String[] {"winhttp", "set", "proxy", "a:1", "bypass-list=10.0.0.0/99"}, "10.0.0.0/99"),
                Arguments.of(new String[] {"winhttp", "set", "teapot", "a:1"}, "teapot"),
                Arguments.of(new String[] {"winhttp", "show"}, "Missing required parameter"),
                Arguments.of(
                        new String[] {"winhttp", "set", "advproxy", "setting-scope=user", "settings={}"},
                        "setting-scope"),
                Arguments.of(new String[] {"winhttp", "set", "advproxy", "setting-scope=machine"}, "exactly one of"),
                Arguments.of(
                        new String[] {"winhttp", "set", "advproxy", "setting-scope=machine", "settings={not json"},
                        "settings"),
                Arguments.of(
                        new String[] {
                            "winhttp",
                            "set",
                            "advproxy",
                            "setting-scope=machine",
                            "settings={\"AutoconfigUrl\":\"ftp://x/p.pac\"}"
                        },
                        "AutoconfigUrl"),
                Arguments.of(
                        new String[] {
                            "winhttp", "set", "advproxy", "setting-scope=machine", "settings-file=" + f + "/bad.json"
                        },
                        "Proxy"),
                Arguments.of(
                        new String[] {
                            "winhttp",
                            "set",
                            "advproxy",
                            "setting-scope=machine",
                            "settings-file=" + f + "/unknown-key.json"
                        },
                        "Proxxy"),
                Arguments.of(
                        new String[] {
                            "winhttp", "set", "advproxy", "setting-scope=machine", "settings-file=" + f + "/none.json"
                        },
                        "none.json"),
                Arguments.of(new String[] {"winhttp", "import", "proxy", "source=ie"}, "source=env"),
                Arguments.of(new String[] {"winhttp", "show", "proxy", "--bogus"}, "Unknown option"),
                Arguments.of(new String[] {"nosuchcommand"}, "Unmatched argument"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("badInputs")
    void badInputIsRefusedAndChangesNothing(String[] args, String message) throws IOException {
        Map<String, String> before = snapshot(dir);
        var r = LauncherProcess.run(dir, args);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "stderr should contain '" + message + "'\n" + r);
        assertTrue(r.err().startsWith("uplink: "), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(before, snapshot(dir), "configuration changed\n" + r);
    }

    @Test
    void groupWritableSettingsFileIsRefused(@TempDir Path own) throws IOException {
        assertEquals(
                0,
                LauncherProcess.run(own, "policy", "set", "TelemetryProxyServer=10.0.0.6:8080")
                        .exit());
        Path file = own.resolve("policy.json");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        var r = LauncherProcess.run(own, "policy", "show");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(file.toString()) && r.err().contains("chmod go-w"), r.toString());
    }

    @Test
    void worldWritableDirectoryIsRefused(@TempDir Path parent) throws IOException {
        Path own = Files.createDirectory(parent.resolve("conf"));
        assertEquals(
                0,
                LauncherProcess.run(own, "winhttp", "set", "proxy", "10.0.0.6:8080")
                        .exit());
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxrwx"));
        var r = LauncherProcess.run(own, "winhttp", "show", "proxy");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("writable by group and others"), r.toString());
    }

    @Test
    void fileOwnedByAnotherUserIsRefused(@TempDir Path own) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "needs root to give the file to another user");
        assertEquals(
                0,
                LauncherProcess.run(own, "winhttp", "set", "proxy", "10.0.0.6:8080")
                        .exit());
        Path file = own.resolve("winhttp.json");
        var nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        var r = LauncherProcess.run(own, "winhttp", "show", "proxy");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("owned by 'nobody'"), r.toString());
    }

    @Test
    void corruptSettingsFileNamesTheFileAndTheExpectedForm(@TempDir Path own) throws IOException {
        Files.writeString(own.resolve("policy.json"), "{\"TelemetryProxyServer\": \"http://x:1\"}");
        var r = LauncherProcess.run(own, "policy", "show");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("policy.json") && r.err().contains("has a scheme"), r.toString());
        Files.writeString(own.resolve("policy.json"), "not json");
        r = LauncherProcess.run(own, "policy", "show");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("is not a valid settings file"), r.toString());
    }

    /** Zips that are not workbooks: a plain zip, an OOXML package with a broken workbook part, a truncated one. */
    static Stream<Arguments> corruptSpreadsheets() throws IOException {
        byte[] plain = zip(Map.of("hello.txt", "hi"));
        byte[] brokenPart = zip(Map.of(
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "</Types>",
                "_rels/.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                        + "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
                "xl/workbook.xml",
                "<garbage"));
        return Stream.of(
                Arguments.of("plain-zip.xlsx", plain),
                Arguments.of("broken-part.xlsx", brokenPart),
                Arguments.of("truncated.xlsx", java.util.Arrays.copyOf(brokenPart, brokenPart.length / 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptSpreadsheets")
    void corruptSpreadsheetGivesOneCleanErrorLine(String name, byte[] content, @TempDir Path own) throws IOException {
        // POI logs (through log4j-to-slf4j and slf4j-simple) to stderr: stack traces and WARN lines
        // must not reach the user around the one uplink: message.
        Path file = Files.write(own.resolve(name), content);
        var r = LauncherProcess.run(own, "urls", "import", file.toString(), "--out=" + own.resolve("out.csv"));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(
                r.err().startsWith("uplink: spreadsheet " + file + " is not a readable .xlsx workbook"), r.toString());
        assertEquals(1, r.err().lines().count(), "exactly one line on stderr\n" + r);
        assertEquals("", r.out(), r.toString());
        assertTrue(Files.notExists(own.resolve("out.csv")), r.toString());
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var e : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, String> snapshot(Path d) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(
                        p.getFileName().toString(),
                        Files.readString(p) + "@" + Files.getLastModifiedTime(p)
                                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return m;
    }
}
