package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkManagerDhcpTest {

    static final String TWO_DEVICES = """
            GENERAL.DEVICE:enp0s3
            DHCP4.OPTION[1]:broadcast_address = 10.0.2.255
            DHCP4.OPTION[2]:dhcp_lease_time = 86400
            DHCP4.OPTION[3]:domain_name = corp.example.com
            DHCP4.OPTION[4]:domain_name_servers = 10.0.2.3
            DHCP4.OPTION[5]:wpad = http\\://wpad.corp.example.com/wpad.dat

            GENERAL.DEVICE:wlp2s0
            DHCP4.OPTION[1]:domain_name = home.example.net other.example.net
            DHCP4.OPTION[2]:private_252 = 68:74:74:70:3a:2f:2f:61:2f:0

            GENERAL.DEVICE:lo
            """;

    static Stream<Arguments> good() {
        return Stream.of(
                arguments(
                        "two devices, escaped colon, colon hex",
                        TWO_DEVICES,
                        List.of(
                                "enp0s3 http://wpad.corp.example.com/wpad.dat corp.example.com",
                                "wlp2s0 http://a/ home.example.net")),
                arguments("no DHCP at all", "GENERAL.DEVICE:lo\n\nGENERAL.DEVICE:docker0\n", List.of()),
                arguments(
                        "options without wpad",
                        "GENERAL.DEVICE:eth0\nDHCP4.OPTION[1]:domain_name = a.example.com\n",
                        List.of("eth0 - a.example.com")),
                arguments(
                        "backslash escaped",
                        "GENERAL.DEVICE:eth0\nDHCP4.OPTION[1]:wpad = http\\://h/x\\\\y.pac\n",
                        List.of("eth0 http://h/x\\y.pac -")),
                arguments("empty output", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parses(String name, String output, List<String> expected) {
        List<String> got = NetworkManagerDhcp.parse(output, "nmcli").stream()
                .map(l -> l.interfaceName().orElse("?") + " " + l.wpadUrl().orElse("-") + " "
                        + l.domain().orElse("-"))
                .toList();
        assertEquals(expected, got);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no field separator      | GENERAL.DEVICE eth0                               | FIELD:value",
                "option without =        | GENERAL.DEVICE:eth0\\nDHCP4.OPTION[1]:wpad       | name = value",
                "private_252 not hex     | GENERAL.DEVICE:eth0\\nDHCP4.OPTION[1]:private_252 = zz | private_252",
            })
    void rejects(String name, String output, String mention) {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> NetworkManagerDhcp.parse(output.replace("\\n", "\n"), "nmcli"));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    @Test
    void queryRunsNmcliAndParsesItsOutput(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.txt");
        Files.writeString(out, TWO_DEVICES);
        Path fake = tmp.resolve("nmcli");
        Files.writeString(
                fake,
                "#!/bin/sh\n[ \"$*\" = \"-t -f GENERAL.DEVICE,DHCP4 device show\" ] || exit 9\ncat '" + out + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        List<DhcpLease> leases = NetworkManagerDhcp.query(fake, Duration.ofSeconds(5));

        assertEquals(2, leases.size());
        assertEquals(
                "http://wpad.corp.example.com/wpad.dat", leases.get(0).wpadUrl().orElseThrow());
    }

    @Test
    void missingNmcliIsNoNetworkManager(@TempDir Path tmp) throws IOException {
        assertEquals(List.of(), NetworkManagerDhcp.query(tmp.resolve("absent"), Duration.ofSeconds(1)));
    }

    @Test
    void hangingNmcliIsBounded(@TempDir Path tmp) throws IOException {
        Path fake = tmp.resolve("nmcli");
        Files.writeString(fake, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> NetworkManagerDhcp.query(fake, Duration.ofMillis(300)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3_000);
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    }
}
