package dev.uplink.core.system;

import static dev.uplink.core.system.Blobs.blob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionSettingsBlobTest {

    /** Expected: the source's {@code proxy|bypass|pac|wpad} (see SourceParsersTest) and its notes. */
    static Stream<Arguments> blobs() {
        return Stream.of(
                arguments(
                        "netsh winhttp set proxy",
                        blob().dword(0x18)
                                .dword(3)
                                .dword(3)
                                .str("10.0.0.6:8080")
                                .str("<local>;*.corp.example")
                                .bytes(),
                        "10.0.0.6:8080|<local>;*.corp.example|-|-",
                        ""),
                arguments(
                        "netsh winhttp reset proxy",
                        blob().dword(0x18).dword(4).dword(1).str("").str("").bytes(),
                        "-|-|-|-",
                        ""),
                arguments(
                        "per-scheme proxy",
                        blob().dword(0x18)
                                .dword(1)
                                .dword(3)
                                .str("http=a:80;https=b:443")
                                .str("")
                                .bytes(),
                        "http=a:80;https=b:443|-|-|-",
                        ""),
                arguments(
                        "Internet Options: PAC and auto-detect, trailing fields",
                        blob().dword(0x46)
                                .dword(9)
                                .dword(1 | 4 | 8)
                                .str("")
                                .str("")
                                .str("http://wpad.corp.example/proxy.pac")
                                .dword(0)
                                .raw(0, 0, 0, 0, 0, 0, 0, 0)
                                .bytes(),
                        "-|-|http://wpad.corp.example/proxy.pac|true",
                        ""),
                arguments(
                        "a stored proxy with the flag off",
                        blob().dword(0x46)
                                .dword(2)
                                .dword(1)
                                .str("old:3128")
                                .str("")
                                .str("")
                                .bytes(),
                        "-|-|-|-",
                        "a proxy is stored but the proxy flag (2) is off: not used"),
                arguments(
                        "no auto-configuration field at the end",
                        blob().dword(0x18).dword(2).dword(3).str("p:1").bytes(),
                        "p:1|-|-|-",
                        ""),
                arguments(
                        // netsh accepts ftp= and shows it back; no https traffic uses it
                        // (docs/behaviour.md#proxy-server-value)
                        "ftp entry: kept as written",
                        blob().dword(0x18)
                                .dword(2)
                                .dword(3)
                                .str("ftp=f:21")
                                .str("")
                                .bytes(),
                        "ftp=f:21|-|-|-",
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blobs")
    void decodes(String name, byte[] bytes, String expected, String notesStart) {
        ProxySource s = WindowsExport.fromBlob(SourceKind.WINHTTP, "x", ConnectionSettingsBlob.decode(bytes, "x"));
        assertEquals(expected, SourceParsersTest.render(s));
        String notes = String.join(" / ", s.notes());
        assertEquals(notesStart, notes.substring(0, Math.min(notes.length(), notesStart.length())), notes);
    }

    static Stream<Arguments> damaged() {
        return Stream.of(
                arguments(blob().dword(0x18).dword(1).bytes(), "w: 8 bytes is too short: expected at least 12 ("),
                arguments(blob().dword(0x18).dword(1).dword(0x13).str("").bytes(), "w: flags 0x13 has unknown bits"),
                arguments(
                        blob().dword(0x18)
                                .dword(1)
                                .dword(3)
                                .dword(100)
                                .raw('a', 'b')
                                .bytes(),
                        "w: the proxy at offset 12 claims 100 bytes but 2 remain ("),
                arguments(
                        blob().dword(0x18).dword(1).dword(3).dword(-1).bytes(),
                        "w: the proxy at offset 12 claims 4294967295 bytes but 0 remain ("),
                arguments(
                        blob().dword(0x18)
                                .dword(1)
                                .dword(3)
                                .str("p:1")
                                .raw(1, 0)
                                .bytes(),
                        "w: the bypass list length is cut off after offset 19: expected a 4-byte length ("),
                arguments(
                        blob().dword(0x18).dword(1).dword(3).bytes(),
                        "w: the proxy length is cut off after offset 12"));
    }

    @ParameterizedTest
    @MethodSource("damaged")
    void damagedValuesAreErrors(byte[] bytes, String messageStart) {
        var e = assertThrows(InvalidInputException.class, () -> ConnectionSettingsBlob.decode(bytes, "w"));
        assertEquals(
                messageStart,
                e.getMessage()
                        .substring(
                                0,
                                Math.min(messageStart.length(), e.getMessage().length())),
                e.getMessage());
    }
}
