package dev.uplink.core.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole machine below a root: every source kind at once, where they disagree, and broken files. */
class SystemSourcesTest {

    @TempDir
    Path dir;

    TestRoot machine() {
        return new TestRoot(dir)
                .file(
                        "/etc/systemd/system/uplink-sensor.service",
                        "[Service]\nExecStart=/usr/local/bin/uplink sensor run\n")
                .file(
                        "/etc/systemd/system/uplink-sensor.service.d/proxy.conf",
                        "[Service]\nEnvironment=\"HTTPS_PROXY=http://a.example:3128\" \"NO_PROXY=localhost\"\n")
                .file(
                        "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json",
                        "{\"cloudService\": {\"proxy\": \"http://b.example:8080/\"}}")
                .file(
                        "/etc/environment",
                        "PATH=/usr/bin\nhttp_proxy=http://c.example:3128\nhttps_proxy=http://c.example:3128\n")
                .file("/etc/profile.d/proxy.sh", "export https_proxy=\"$CORP_PROXY\"\n")
                .file("/etc/apt/apt.conf.d/95proxy", "Acquire::http::Proxy \"http://apt.example:3142\";\n")
                .file("/etc/dconf/db/local.d/00-proxy", """
                        [org/gnome/system/proxy]
                        mode='auto'
                        autoconfig-url='http://pac.example/proxy.pac'
                        """)
                .file("/etc/xdg/kioslaverc", "[Proxy Settings]\nProxyType=3\n")
                .file(
                        "/etc/NetworkManager/system-connections/Office.nmconnection",
                        "[connection]\nid=Office\n[proxy]\nmethod=0\n");
    }

    @Test
    void everySourceIsListedWithItsScope() {
        SourcesReport r = SystemSources.read(machine().dir);
        assertEquals(
                List.of(
                        "sensor-unit system https=a.example:3128",
                        "vendor-managed system b.example:8080",
                        "apt system http=apt.example:3142",
                        "etc-environment user c.example:3128",
                        "profile-d user -",
                        "network-manager user -",
                        "gnome user PAC http://pac.example/proxy.pac",
                        "kde user WPAD auto-detection"),
                r.sources().stream()
                        .map(s -> s.kind().word() + " " + s.scope().word() + " "
                                + (s.proxy() != null ? s.proxy() : s.setsSomething() ? s.decision() : "-"))
                        .toList());
        assertEquals(List.of(), r.findings());
        ProxySource unit = r.sources().get(0);
        assertEquals(
                "unit uplink-sensor.service (" + dir + "/etc/systemd/system/uplink-sensor.service and 1 drop-in(s))",
                unit.location());
        assertEquals("localhost;*.localhost", unit.bypass());
        assertEquals(
                List.of("line 1 mention a proxy but are shell code (variables, commands, conditions): not interpreted"),
                r.sources().get(4).notes());
    }

    @Test
    void theSensorsUnitDecidesAndTheDisagreementsAreNamed() {
        SourcesReport r = SystemSources.read(machine().dir);
        assertEquals(SourceKind.SENSOR_UNIT, r.effective().source().kind());
        assertEquals(
                "the environment the sensor's service starts with",
                r.effective().reason());
        List<String> messages = r.conflicts().stream().map(Conflict::message).toList();
        String unit = "the sensor's systemd unit (unit uplink-sensor.service (" + dir
                + "/etc/systemd/system/uplink-sensor.service and 1 drop-in(s)))";
        String vendor = "the vendor agent's managed configuration (" + dir
                + "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json)";
        assertEquals(
                List.of(
                        unit + " sets HTTPS_PROXY=http://a.example:3128 NO_PROXY=localhost but " + vendor
                                + " says cloudService.proxy=http://b.example:8080/ (proxy https=a.example:3128 (bypass "
                                + "localhost;*.localhost) against proxy b.example:8080)",
                        unit + " sets HTTPS_PROXY=http://a.example:3128 NO_PROXY=localhost but apt's proxy setting ("
                                + dir + "/etc/apt/apt.conf.d/95proxy) says Acquire::http::Proxy "
                                + "\"http://apt.example:3142\" (proxy https=a.example:3128 (bypass localhost;*.localhost) "
                                + "against proxy http=apt.example:3142)",
                        vendor + " sets cloudService.proxy=http://b.example:8080/ but apt's proxy setting (" + dir
                                + "/etc/apt/apt.conf.d/95proxy) says Acquire::http::Proxy \"http://apt.example:3142\" "
                                + "(proxy b.example:8080 against proxy http=apt.example:3142)",
                        "/etc/environment (" + dir + "/etc/environment) sets proxy c.example:3128 for login sessions "
                                + "(pam_env), not system services, but services get proxy https=a.example:3128 (bypass "
                                + "localhost;*.localhost) from " + unit,
                        "the GNOME system default (" + dir + "/etc/dconf/db/local.d/00-proxy) sets PAC "
                                + "http://pac.example/proxy.pac for GNOME desktop users, but services get proxy "
                                + "https=a.example:3128 (bypass localhost;*.localhost) from " + unit,
                        "the KDE system default (" + dir + "/etc/xdg/kioslaverc) sets WPAD auto-detection for KDE "
                                + "desktop users, but services get proxy https=a.example:3128 (bypass "
                                + "localhost;*.localhost) from " + unit),
                messages);
    }

    @Test
    void withoutTheSensorUnitTheVendorSettingIsUsed() {
        TestRoot t = new TestRoot(dir)
                .file(
                        "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json",
                        "{\"cloudService\":{\"proxy\":\"http://b:8080\"}}")
                .file("/etc/environment", "https_proxy=http://c:3128\n");
        SourcesReport r = SystemSources.read(t.dir);
        assertEquals(SourceKind.VENDOR_MANAGED, r.effective().source().kind());
        assertEquals(
                "the highest-ranked setting that reaches system services",
                r.effective().reason());
    }

    @Test
    void userSettingsAloneNeverReachTheService() {
        TestRoot t = new TestRoot(dir).file("/etc/environment", "https_proxy=http://c:3128\n");
        SourcesReport r = SystemSources.read(t.dir);
        assertNull(r.effective().source());
        assertEquals(
                "no setting reaches system services (the proxies found apply to users' sessions or to apt only): "
                        + "the sensor goes by uplink's own settings, else DIRECT",
                r.effective().reason());
        assertEquals(
                List.of("/etc/environment (" + dir + "/etc/environment) sets proxy https=c:3128, but it applies to "
                        + "login sessions (pam_env), not system services and does not apply to services: the sensor "
                        + "does not use it"),
                r.conflicts().stream().map(Conflict::message).toList());
    }

    @Test
    void sysconfigProxyCountsOnlyWhenEnabled() {
        TestRoot t = new TestRoot(dir).file("/etc/sysconfig/proxy", """
                PROXY_ENABLED="no"
                HTTP_PROXY="http://s:3128"
                """);
        SourcesReport r = SystemSources.read(t.dir);
        assertEquals(1, r.sources().size());
        assertNull(r.sources().get(0).proxy());
        assertEquals(
                List.of("PROXY_ENABLED is not \"yes\": not used"),
                r.sources().get(0).notes());
        t.file(
                "/etc/sysconfig/proxy",
                "PROXY_ENABLED=\"yes\"\nHTTP_PROXY=\"http://s:3128\"\nNO_PROXY=\"localhost, 127.0.0.1\"\n");
        r = SystemSources.read(t.dir);
        assertEquals("http=s:3128", r.effective().source().proxy());
    }

    @Test
    void damagedTooLargeAndUnreadableFilesAreFindingsNotCrashes() throws Exception {
        TestRoot t = new TestRoot(dir)
                .file("/etc/opt/microsoft/mdatp/managed/mdatp_managed.json", "{\"cloudService\": ")
                .bytes("/etc/environment", new byte[(int) SystemRoot.MAX_FILE_BYTES + 1])
                .file("/etc/NetworkManager/system-connections/secret.nmconnection", "[proxy]\nmethod=1\n")
                .file("/etc/xdg/kioslaverc", "[Proxy Settings]\nProxyType=3\n");
        Path secret = dir.resolve("etc/NetworkManager/system-connections/secret.nmconnection");
        boolean canRestrict = secret.toFile().setReadable(false, false) && !java.nio.file.Files.isReadable(secret);
        SourcesReport r = SystemSources.read(t.dir);
        List<String> findings = r.findings().stream()
                .map(f -> f.location() + ": " + f.message())
                .toList();
        assertTrue(
                findings.contains(dir + "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json: " + dir
                        + "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json is not valid JSON: expected the agent's "
                        + "settings, e.g. {\"cloudService\": {\"proxy\": \"http://proxy.example.com:8080/\"}}"),
                findings.toString());
        assertTrue(
                findings.contains(dir + "/etc/environment: the file is " + (SystemRoot.MAX_FILE_BYTES + 1)
                        + " bytes: expected a settings file of at most " + SystemRoot.MAX_FILE_BYTES + " bytes"),
                findings.toString());
        if (canRestrict) {
            assertTrue(
                    findings.contains(dir + "/etc/NetworkManager/system-connections/secret.nmconnection: not readable "
                            + "by this user (run as root to include it)"),
                    findings.toString());
        }
        // The readable files are still read (as root, the restricted one is readable too).
        assertEquals(
                canRestrict ? List.of(SourceKind.KDE) : List.of(SourceKind.NETWORK_MANAGER, SourceKind.KDE),
                r.sources().stream().map(ProxySource::kind).toList());
    }

    @Test
    void theRunningSensorsEnvironmentComesFirstAndDiffersFromItsUnit() {
        TestRoot t = new TestRoot(dir)
                .file(
                        "/etc/systemd/system/uplink-sensor.service",
                        "[Service]\nEnvironment=HTTPS_PROXY=http://new.example:3128\n")
                .bytes(
                        "/proc/4242/cmdline",
                        "java\0-jar\0/opt/uplink/uplink.jar\0sensor\0run\0--state\0/var/lib/uplink\0"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .bytes(
                        "/proc/4242/environ",
                        "LANG=C\0HTTPS_PROXY=http://old.example:3128\0"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .bytes("/proc/77/cmdline", "bash\0-c\0sensor run\0".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .bytes(
                        "/proc/77/environ",
                        "HTTPS_PROXY=http://other:1\0".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .file("/proc/self/cmdline", "x");
        SourcesReport r = SystemSources.read(t.dir);
        assertEquals(
                List.of("sensor-process https=old.example:3128", "sensor-unit https=new.example:3128"),
                r.sources().stream().map(s -> s.kind().word() + " " + s.proxy()).toList());
        assertEquals(
                "process 4242 (" + dir + "/proc/4242/environ)",
                r.sources().get(0).location());
        assertEquals(SourceKind.SENSOR_PROCESS, r.effective().source().kind());
        assertEquals(
                "the environment the running sensor has now (/proc)",
                r.effective().reason());
        assertTrue(
                r.conflicts().get(0).message().startsWith("the running sensor's environment (process 4242"),
                r.conflicts().toString());
    }

    @Test
    void serviceScopeOnlyLeavesOutWhatNeverReachesAService() {
        SourcesReport r = SystemSources.read(machine().dir, true);
        assertEquals(
                List.of(SourceKind.SENSOR_UNIT, SourceKind.VENDOR_MANAGED),
                r.sources().stream().map(ProxySource::kind).toList());
        assertEquals(SourceKind.SENSOR_UNIT, r.effective().source().kind());
    }
}
