package dev.uplink.core.importers;

import static dev.uplink.core.importers.PolBuilder.dword;
import static dev.uplink.core.importers.PolBuilder.qword;
import static dev.uplink.core.importers.PolBuilder.sz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryPolParserTest {

    static final String DC = "Software\\Policies\\Microsoft\\Windows\\DataCollection";
    static final int SZ = 1;
    static final int EXPAND_SZ = 2;
    static final int BINARY = 3;
    static final int DWORD = 4;
    static final int MULTI_SZ = 7;
    static final int QWORD = 11;

    static Stream<Arguments> goodFiles() {
        // offsets: the header is 8 bytes; a record is 20 bytes of delimiters, type and size + key + name + data
        return Stream.of(
                arguments("header only", PolBuilder.preg().bytes(), ""),
                arguments(
                        "machine policy values",
                        PolBuilder.preg()
                                .record(DC, "TelemetryProxyServer", SZ, sz("10.0.0.6:8080"))
                                .record(DC, "DisableEnterpriseAuthProxy", DWORD, dword(1))
                                .bytes(),
                        """
                        SET_VALUE %1$s [TelemetryProxyServer] REG_SZ "10.0.0.6:8080" @8
                        SET_VALUE %1$s [DisableEnterpriseAuthProxy] REG_DWORD 1 @200""".formatted(DC)),
                arguments(
                        "**del. in two spellings",
                        PolBuilder.preg()
                                .record("K", "**del.TelemetryProxyServer", SZ, sz(" "))
                                .record("K", "**Del.Other", DWORD, dword(0))
                                .bytes(),
                        """
                        DELETE_VALUE K [TelemetryProxyServer] @8
                        DELETE_VALUE K [Other] @90"""),
                arguments(
                        "**delvals. and **DelVals",
                        PolBuilder.preg()
                                .record("K", "**delvals.", SZ, sz(" "))
                                .record("K", "**DelVals", SZ, sz(" "))
                                .bytes(),
                        """
                        DELETE_ALL_VALUES K @8
                        DELETE_ALL_VALUES K @58"""),
                arguments(
                        "**DeleteValues list",
                        PolBuilder.preg()
                                .record("K", "**DeleteValues", SZ, sz("A;B ; ;C"))
                                .bytes(),
                        """
                        DELETE_VALUE K [A] @8
                        DELETE_VALUE K [B] @8
                        DELETE_VALUE K [C] @8"""),
                arguments(
                        "**DeleteKeys list",
                        PolBuilder.preg()
                                .record("Software\\P", "**DeleteKeys", SZ, sz("Sub1;Sub2"))
                                .bytes(),
                        """
                        DELETE_KEY Software\\P\\Sub1 @8
                        DELETE_KEY Software\\P\\Sub2 @8"""),
                arguments(
                        "**soft. and key creation",
                        PolBuilder.preg()
                                .record("K", "**soft.Name", DWORD, dword(7))
                                .record("K\\Sub", "", SZ, new byte[0])
                                .bytes(),
                        """
                        SET_VALUE_IF_ABSENT K [Name] REG_DWORD 7 @8
                        CREATE_KEY K\\Sub @60"""),
                arguments(
                        "other special name stays a value",
                        PolBuilder.preg()
                                .record("K", "**SecureKey", DWORD, dword(1))
                                .bytes(),
                        """
                        SET_VALUE K [**SecureKey] REG_DWORD 1 @8"""),
                arguments(
                        "value types",
                        PolBuilder.preg()
                                .record("K", "E", EXPAND_SZ, sz("%SystemRoot%\\x"))
                                .record("K", "M", MULTI_SZ, "a\0bc\0\0".getBytes(StandardCharsets.UTF_16LE))
                                .record("K", "B", BINARY, new byte[] {1, (byte) 0xAB})
                                .record("K", "Q", QWORD, qword(-1))
                                .record("K", "Ü", SZ, sz("ünï"))
                                .bytes(),
                        """
                        SET_VALUE K [E] REG_EXPAND_SZ "%SystemRoot%\\x" @8
                        SET_VALUE K [M] REG_MULTI_SZ [a, bc] @66
                        SET_VALUE K [B] REG_BINARY 01,ab @106
                        SET_VALUE K [Q] REG_QWORD -1 @136
                        SET_VALUE K [Ü] REG_SZ "ünï" @172"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void parsesGoodFiles(String name, byte[] file, String expected) {
        assertEquals(expected, Changes.render(RegistryPolParser.parse(file, "Registry.pol")));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments(
                        "empty file",
                        new byte[0],
                        "Registry.pol offset 0: expected the signature 'PReg' (50 52 65 67) of a Registry.pol file"),
                arguments(
                        "a .reg file",
                        "REGEDIT4\r\n".getBytes(StandardCharsets.US_ASCII),
                        "Registry.pol offset 0: expected the signature 'PReg'"),
                arguments(
                        "version 2",
                        PolBuilder.empty().u32(0x67655250).u32(2).bytes(),
                        "Registry.pol offset 4: version 2 is not supported: expected 1"),
                arguments(
                        "record without '['",
                        PolBuilder.preg().ch('{').bytes(),
                        "Registry.pol offset 8: expected '[' starting a record, found 0x7b"),
                arguments(
                        "odd trailing byte",
                        PolBuilder.preg().raw(new byte[] {0x5B}).bytes(),
                        "Registry.pol offset 8: the file ends: expected '[' starting a record (truncated file)"),
                arguments(
                        "key without NUL",
                        PolBuilder.preg().ch('[').ch('K').ch('e').bytes(),
                        "Registry.pol offset 10: the key has no terminating NUL before the end of the file"),
                arguments(
                        "missing ';' after key",
                        PolBuilder.preg().ch('[').str("K").ch(',').bytes(),
                        "Registry.pol offset 14: expected ';' after the key, found 0x2c"),
                arguments(
                        "truncated in type",
                        PolBuilder.preg()
                                .ch('[')
                                .str("K")
                                .ch(';')
                                .str("V")
                                .ch(';')
                                .raw(new byte[] {4, 0})
                                .bytes(),
                        "Registry.pol offset 22: the file ends: expected the 4-byte type (truncated file)"),
                arguments(
                        "size beyond end of file",
                        PolBuilder.preg()
                                .ch('[')
                                .str("K")
                                .ch(';')
                                .str("V")
                                .ch(';')
                                .u32(DWORD)
                                .ch(';')
                                .u32(100)
                                .ch(';')
                                .raw(dword(1))
                                .ch(']')
                                .bytes(),
                        "Registry.pol offset 34: data size 100 goes beyond the end of the file (6 bytes left)"),
                arguments(
                        "huge size",
                        PolBuilder.preg()
                                .ch('[')
                                .str("K")
                                .ch(';')
                                .str("V")
                                .ch(';')
                                .u32(DWORD)
                                .ch(';')
                                .u32(0xFFFFFFFFL)
                                .ch(';')
                                .bytes(),
                        "Registry.pol offset 34: data size 4294967295 goes beyond the end of the file (0 bytes left)"),
                arguments(
                        "missing ']'",
                        PolBuilder.preg()
                                .ch('[')
                                .str("K")
                                .ch(';')
                                .str("V")
                                .ch(';')
                                .u32(DWORD)
                                .ch(';')
                                .u32(4)
                                .ch(';')
                                .raw(dword(1))
                                .ch(';')
                                .bytes(),
                        "Registry.pol offset 38: expected ']' closing the record that starts at offset 8, found 0x3b"),
                arguments(
                        "truncated before ']'",
                        PolBuilder.preg().record("K", "V", DWORD, dword(1)).withoutLast(2),
                        "Registry.pol offset 38: the file ends: expected ']' closing the record"),
                arguments(
                        "dword of 2 bytes",
                        PolBuilder.preg()
                                .record("K", "V", DWORD, new byte[] {1, 0})
                                .bytes(),
                        "Registry.pol offset 8: REG_DWORD data has 2 bytes: expected exactly 4"),
                arguments(
                        "unknown type",
                        PolBuilder.preg().record("K", "V", 99, new byte[] {1}).bytes(),
                        "Registry.pol offset 8: value type 99 is not a registry value type"),
                arguments(
                        "string of odd length",
                        PolBuilder.preg()
                                .record("K", "V", SZ, new byte[] {0x41, 0, 0})
                                .bytes(),
                        "Registry.pol offset 8: REG_SZ data has 3 bytes: expected an even number"),
                arguments(
                        "**DeleteValues as dword",
                        PolBuilder.preg()
                                .record("K", "**DeleteValues", DWORD, dword(1))
                                .bytes(),
                        "Registry.pol offset 8: **DeleteValues has type REG_DWORD: expected REG_SZ holding a ;-separated list of names"),
                arguments(
                        "empty key",
                        PolBuilder.preg().record("", "V", DWORD, dword(1)).bytes(),
                        "Registry.pol offset 8: record has an empty key"),
                arguments(
                        "bad second record after a good one",
                        PolBuilder.preg()
                                .record("K", "V", DWORD, dword(1))
                                .record("K", "W", DWORD, dword(1))
                                .withoutLast(1),
                        "Registry.pol offset 70: the file ends: expected ']' closing the record that starts at offset 40"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refusesBadFiles(String name, byte[] file, String expectedMessage) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> RegistryPolParser.parse(file, "Registry.pol"));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message was: " + e.getMessage());
    }

    @Test
    void refusesOversizedContent() {
        byte[] big = new byte[(int) RegistryPolParser.MAX_FILE_BYTES + 1];
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> RegistryPolParser.parse(big, "Registry.pol"));
        assertEquals(
                "Registry.pol is 16777217 bytes: expected a Registry.pol file of at most 16777216 bytes",
                e.getMessage());
    }

    @Test
    void refusesDeleteKeysListsThatWouldExpandBeyondTheFile() {
        // 5000 subkeys of a 4096-character key: over 20 million characters of key paths from a 30 KB file.
        byte[] file = PolBuilder.preg()
                .record("K".repeat(4096), "**DeleteKeys", SZ, sz("a;".repeat(5000)))
                .bytes();
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> RegistryPolParser.parse(file, "Registry.pol"));
        assertTrue(
                e.getMessage()
                        .startsWith("Registry.pol offset 8: **DeleteKeys names 5000 subkeys of a 4096-character key: "
                                + "more than the 16777216 characters of key paths one Registry.pol may delete"),
                e.getMessage());
    }

    @Test
    void readsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Registry.pol");
        Files.write(
                file,
                PolBuilder.preg()
                        .record(DC, "DisableEnterpriseAuthProxy", DWORD, dword(0))
                        .bytes());
        assertEquals(
                "SET_VALUE " + DC + " [DisableEnterpriseAuthProxy] REG_DWORD 0 @8",
                Changes.render(RegistryPolParser.parse(file)));
    }
}
