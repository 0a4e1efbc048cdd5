package dev.uplink.core.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitEnvironmentTest {

    static final String UNIT = "uplink-sensor.service";

    @TempDir
    Path dir;

    SystemdUnitEnvironment.Result read(TestRoot t) {
        return SystemdUnitEnvironment.read(t.root(), UNIT);
    }

    @Test
    void noUnitMeansNotFound() {
        assertFalse(read(new TestRoot(dir)).found());
    }

    @Test
    void etcUnitHidesTheVendorsAndDropInsApplyInNameOrder() {
        TestRoot t = new TestRoot(dir)
                .file("/usr/lib/systemd/system/" + UNIT, "[Service]\nEnvironment=HTTPS_PROXY=http://lib:1\n")
                .file(
                        "/etc/systemd/system/" + UNIT,
                        "[Unit]\nEnvironment=IGNORED=1\n[Service]\nEnvironment=\"HTTPS_PROXY=http://etc:1\" NO_PROXY=a\n")
                .file(
                        "/usr/lib/systemd/system/" + UNIT + ".d/20-proxy.conf",
                        "[Service]\nEnvironment=HTTPS_PROXY=http://lib-dropin:20\n")
                .file(
                        "/etc/systemd/system/" + UNIT + ".d/10-proxy.conf",
                        "[Service]\nEnvironment=HTTPS_PROXY=http://etc-dropin:10\n");
        var r = read(t);
        assertEquals("/etc/systemd/system/" + UNIT, r.unitFile());
        // 10- then 20-: the later file name wins, whichever directory it is in.
        assertEquals("http://lib-dropin:20", r.environment().get("HTTPS_PROXY"));
        assertEquals("a", r.environment().get("NO_PROXY"));
        assertNull(r.environment().get("IGNORED"));
    }

    @Test
    void aDropInInEtcHidesTheSameNameInUsrLib() {
        TestRoot t = new TestRoot(dir)
                .file("/lib/systemd/system/" + UNIT, "[Service]\nExecStart=/bin/true\n")
                .file(
                        "/usr/lib/systemd/system/" + UNIT + ".d/proxy.conf",
                        "[Service]\nEnvironment=HTTPS_PROXY=http://vendor:1\n")
                .file(
                        "/etc/systemd/system/" + UNIT + ".d/proxy.conf",
                        "[Service]\nEnvironment=HTTPS_PROXY=http://admin:2\n");
        assertEquals("http://admin:2", read(t).environment().get("HTTPS_PROXY"));
    }

    @Test
    void emptyEnvironmentClearsAndEnvironmentFileWinsWhateverTheOrder() {
        TestRoot t = new TestRoot(dir)
                .file("/etc/systemd/system/" + UNIT, """
                        [Service]
                        EnvironmentFile=/etc/default/uplink
                        Environment=HTTP_PROXY=http://cleared:1
                        Environment=
                        Environment=HTTPS_PROXY=http://inline:1 \\
                          NO_PROXY=inline
                        EnvironmentFile=-/etc/default/missing
                        """)
                .file("/etc/default/uplink", "HTTPS_PROXY=\"http://file:2\"\n");
        var r = read(t);
        assertNull(r.environment().get("HTTP_PROXY"));
        assertEquals("http://file:2", r.environment().get("HTTPS_PROXY"));
        assertEquals("inline", r.environment().get("NO_PROXY"));
        assertTrue(
                r.origin().get("HTTPS_PROXY").contains("/etc/default/uplink"),
                r.origin().toString());
        assertEquals(List.of(), r.notes());
    }

    @Test
    void aRequiredMissingEnvironmentFileIsNoted() {
        TestRoot t =
                new TestRoot(dir).file("/etc/systemd/system/" + UNIT, "[Service]\nEnvironmentFile=/etc/default/x\n");
        assertEquals(
                List.of("EnvironmentFile=/etc/default/x does not exist: systemd refuses to start the service"),
                read(t).notes());
    }

    @Test
    void maskedUnit() {
        TestRoot t = new TestRoot(dir)
                .file("/usr/lib/systemd/system/" + UNIT, "[Service]\nEnvironment=HTTPS_PROXY=http://lib:1\n")
                .link("/etc/systemd/system/" + UNIT, "/dev/null");
        var r = read(t);
        assertTrue(r.environment().isEmpty());
        assertTrue(r.notes().get(0).contains("masked"), r.notes().toString());
    }

    @Test
    void absoluteLinksStayInsideTheRoot() {
        TestRoot t = new TestRoot(dir)
                .file("/opt/uplink/" + UNIT, "[Service]\nEnvironment=HTTPS_PROXY=http://linked:1\n")
                .link("/etc/systemd/system/" + UNIT, "/opt/uplink/" + UNIT);
        assertEquals("http://linked:1", read(t).environment().get("HTTPS_PROXY"));
    }

    @Test
    void wordSplitting() {
        List<String> notes = new ArrayList<>();
        assertEquals(
                List.of("A=1 2", "B=x", "C=50%", "D=a\"b"),
                SystemdUnitEnvironment.words("\"A=1 2\" B=x C=50%% 'D=a\"b'", "f", notes));
        assertEquals(List.of(), SystemdUnitEnvironment.words("\"A=1", "f", notes));
        assertEquals(1, notes.size());
    }
}
