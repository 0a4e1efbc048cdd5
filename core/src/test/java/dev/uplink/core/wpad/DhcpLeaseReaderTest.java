package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Passive WPAD: lease files of every supported DHCP client, as they sit on disk. */
class DhcpLeaseReaderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NONE",
            value = {
                // fixture                                                 | file name on disk
                //                | glob              | interface | option 252                                   |
                // domain
                "networkd-env-2                                            | 2                                                          | *                 | if2       | http://wpad.corp.example.com/wpad.dat        | corp.example.com",
                "networkd-json-3                                           | 3                                                          | *                 | if3       | http://10.0.0.5/wpad.dat                     | lab.example.com",
                "internal-0d3f4a1e-6a3b-4c5e-9b1d-2f6e7a8b9c0d-eth0.lease  | internal-0d3f4a1e-6a3b-4c5e-9b1d-2f6e7a8b9c0d-eth0.lease   | *.lease           | eth0      | http://wpad.branch.example.com/wpad.dat      | branch.example.com",
                "dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease | dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease  | *.lease           | wlan0     | http://proxy.wifi.example.com/proxy.pac      | wifi.example.com",
                "dhclient.eth1.leases                                      | dhclient.eth1.leases                                       | dhclient*.lease*  | eth1      | http://wpad.new.example.com/wpad.dat         | new.example.com",
            })
    void readsEachFormat(String fixture, String name, String glob, String iface, String wpad, String domain) {
        Fixtures.copy(fixture, tmp, name);
        DhcpLeaseReader.Scan scan = new DhcpLeaseReader(List.of(new LeaseDirectory(tmp, glob)), i -> "if" + i).scan();
        assertEquals(List.of(), scan.problems());
        assertEquals(1, scan.filesRead());
        assertEquals(1, scan.leases().size(), scan.leases().toString());
        DhcpLease lease = scan.leases().get(0);
        assertEquals(iface, lease.interfaceName().orElse(null));
        assertEquals(wpad, lease.wpadUrl().orElse(null));
        assertEquals(domain, lease.domain().orElse(null));
        assertTrue(lease.source().contains(name), lease.source());
    }

    @Test
    void corruptFileIsAProblemNamingItAndOthersStillCount() throws Exception {
        Fixtures.copy("corrupt.lease", tmp, "corrupt.lease");
        Fixtures.copy(
                "dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease",
                tmp,
                "dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease");
        DhcpLeaseReader.Scan scan = new DhcpLeaseReader(List.of(new LeaseDirectory(tmp, "*.lease"))).scan();
        assertEquals(1, scan.problems().size());
        assertTrue(
                scan.problems().get(0).contains("corrupt.lease")
                        && scan.problems().get(0).contains("not hex"),
                scan.problems().get(0));
        assertEquals(1, scan.leases().size());
    }

    @Test
    void newestFileFirstAndMissingDirectoriesAreQuiet() throws Exception {
        Path older = Fixtures.copy("networkd-env-2", tmp.resolve("a"), "2");
        Path newer = Fixtures.copy("networkd-json-3", tmp.resolve("a"), "3");
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2024-06-01T00:00:00Z")));
        DhcpLeaseReader.Scan scan = new DhcpLeaseReader(List.of(
                        new LeaseDirectory(tmp.resolve("does-not-exist"), "*"),
                        new LeaseDirectory(tmp.resolve("a"), "*")))
                .scan();
        assertEquals(
                List.of("http://10.0.0.5/wpad.dat", "http://wpad.corp.example.com/wpad.dat"),
                scan.leases().stream().map(l -> l.wpadUrl().orElseThrow()).toList());
        assertEquals(List.of(), scan.problems());
    }

    @Test
    void oversizedFileIsRefusedWithoutReadingIt() throws Exception {
        Files.write(tmp.resolve("huge.lease"), new byte[(int) DhcpLeaseReader.MAX_FILE_BYTES + 1]);
        DhcpLeaseReader.Scan scan = new DhcpLeaseReader(List.of(new LeaseDirectory(tmp, "*.lease"))).scan();
        assertTrue(scan.leases().isEmpty());
        assertTrue(
                scan.problems().get(0).contains("larger than"), scan.problems().toString());
    }
}
