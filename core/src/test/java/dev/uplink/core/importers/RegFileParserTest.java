package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegFileParserTest {

    /** How a test file is written; regedit writes 5.00 files as UTF-16LE with BOM and CRLF. */
    enum Enc {
        UTF16_BOM,
        UTF16_NO_BOM,
        UTF8,
        UTF8_BOM,
        ANSI;

        byte[] encode(String text) {
            String crlf = text.replace("\n", "\r\n");
            return switch (this) {
                case UTF16_BOM ->
                    concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, crlf.getBytes(StandardCharsets.UTF_16LE));
                case UTF16_NO_BOM -> crlf.getBytes(StandardCharsets.UTF_16LE);
                case UTF8 -> text.getBytes(StandardCharsets.UTF_8);
                case UTF8_BOM ->
                    concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
                case ANSI -> crlf.getBytes(Charset.forName("windows-1252"));
            };
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] r = new byte[a.length + b.length];
            System.arraycopy(a, 0, r, 0, a.length);
            System.arraycopy(b, 0, r, a.length, b.length);
            return r;
        }
    }

    static final String V5 = "Windows Registry Editor Version 5.00\n\n";
    static final String V4 = "REGEDIT4\n\n";
    static final String DC = "HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection";

    static Stream<Arguments> goodFiles() {
        return Stream.of(
                arguments("policy export, UTF-16LE with BOM", Enc.UTF16_BOM, V5 + """
                        [HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection]
                        "TelemetryProxyServer"="10.0.0.6:8080"
                        "DisableEnterpriseAuthProxy"=dword:00000001
                        """, """
                        SET_VALUE %1$s [TelemetryProxyServer] REG_SZ "10.0.0.6:8080" @4
                        SET_VALUE %1$s [DisableEnterpriseAuthProxy] REG_DWORD 1 @5""".formatted(DC)),
                arguments("UTF-16LE without BOM", Enc.UTF16_NO_BOM, V5 + """
                        [HKLM\\Software\\T]
                        "A"="Größe"
                        """, """
                        SET_VALUE HKLM\\Software\\T [A] REG_SZ "Größe" @4"""),
                arguments("UTF-8 without BOM, non-ASCII", Enc.UTF8, V5 + """
                        [HKLM\\Software\\T]
                        "Größe"="Ünïcode ✓"
                        """, """
                        SET_VALUE HKLM\\Software\\T [Größe] REG_SZ "Ünïcode ✓" @4"""),
                arguments("UTF-8 with BOM", Enc.UTF8_BOM, V5 + """
                        [HKEY_CURRENT_USER\\Software\\T]
                        "A"="é"
                        """, """
                        SET_VALUE HKEY_CURRENT_USER\\Software\\T [A] REG_SZ "é" @4"""),
                arguments("REGEDIT4 in windows-1252, hex(2) holds ANSI bytes", Enc.ANSI, V4 + """
                        [HKEY_LOCAL_MACHINE\\Software\\T]
                        "Name"="café"
                        "Exp"=hex(2):63,61,66,e9,00
                        """, """
                        SET_VALUE HKEY_LOCAL_MACHINE\\Software\\T [Name] REG_SZ "café" @4
                        SET_VALUE HKEY_LOCAL_MACHINE\\Software\\T [Exp] REG_EXPAND_SZ "café" @5"""),
                arguments("5.00 header in windows-1252", Enc.ANSI, V5 + """
                        [HKLM\\Software\\T]
                        "A"="naïve"
                        """, """
                        SET_VALUE HKLM\\Software\\T [A] REG_SZ "naïve" @4"""),
                arguments("hex(2) over continuation lines, UTF-16LE text", Enc.UTF16_BOM, V5 + """
                        [HKLM\\Software\\T]
                        "Path"=hex(2):25,00,53,00,\\
                          79,00,73,00,25,00,\\
                          00,00
                        "Next"="x"
                        """, """
                        SET_VALUE HKLM\\Software\\T [Path] REG_EXPAND_SZ "%Sys%" @4
                        SET_VALUE HKLM\\Software\\T [Next] REG_SZ "x" @7"""),
                arguments("hex(7) multi-string, binary, qword, hex(4), empty hex", Enc.UTF8, V5 + """
                        [HKLM\\Software\\T]
                        "Multi"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00
                        "Bin"=hex:01,FF
                        "Empty"=hex:
                        "Q"=hex(b):01,00,00,00,00,00,00,01
                        "D"=hex(4):10,00,00,00
                        """, """
                        SET_VALUE HKLM\\Software\\T [Multi] REG_MULTI_SZ [a, bc] @4
                        SET_VALUE HKLM\\Software\\T [Bin] REG_BINARY 01,ff @5
                        SET_VALUE HKLM\\Software\\T [Empty] REG_BINARY  @6
                        SET_VALUE HKLM\\Software\\T [Q] REG_QWORD 72057594037927937 @7
                        SET_VALUE HKLM\\Software\\T [D] REG_DWORD 16 @8"""),
                arguments("dword forms", Enc.UTF8, V5 + """
                        [HKLM\\Software\\T]
                        "Max"=dword:ffffffff
                        "Upper"=DWORD:0000FFFF
                        "Short"=dword:1
                        """, """
                        SET_VALUE HKLM\\Software\\T [Max] REG_DWORD 4294967295 @4
                        SET_VALUE HKLM\\Software\\T [Upper] REG_DWORD 65535 @5
                        SET_VALUE HKLM\\Software\\T [Short] REG_DWORD 1 @6"""),
                arguments("delete markers and default value", Enc.UTF16_BOM, V5 + """
                        [-HKEY_LOCAL_MACHINE\\Software\\Old]
                        [HKLM\\Software\\T]
                        "Gone"=-
                        @=-
                        @="default"
                        """, """
                        DELETE_KEY HKEY_LOCAL_MACHINE\\Software\\Old @3
                        DELETE_VALUE HKLM\\Software\\T [Gone] @5
                        DELETE_VALUE HKLM\\Software\\T [] @6
                        SET_VALUE HKLM\\Software\\T [] REG_SZ "default" @7"""),
                arguments("escapes, comments, blank lines, spaces", Enc.UTF8, V5 + """
                        ; exported by hand
                          [HKLM\\Software\\T]  \s

                        \t"Na\\"me" = "C:\\\\Win \\"q\\""
                        ;"Commented"="out"
                        "Semi;colon"="a;b"
                        """, """
                        SET_VALUE HKLM\\Software\\T [Na"me] REG_SZ "C:\\Win "q"" @6
                        SET_VALUE HKLM\\Software\\T [Semi;colon] REG_SZ "a;b" @8"""),
                arguments("header only", Enc.UTF16_BOM, V5, ""),
                arguments("REGEDIT4 LF only, ASCII", Enc.UTF8, V4 + """
                        [HKLM\\Software\\T]
                        "A"="b"
                        """, """
                        SET_VALUE HKLM\\Software\\T [A] REG_SZ "b" @4"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void parsesGoodFiles(String name, Enc enc, String text, String expected) {
        assertEquals(expected, Changes.render(RegFileParser.parse(enc.encode(text), "policy.reg")));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments(
                        "no header",
                        Enc.UTF8,
                        "[HKLM\\Software\\T]\n",
                        "policy.reg line 1: expected the header 'Windows Registry Editor Version 5.00' or 'REGEDIT4'"),
                arguments(
                        "UTF-16 big-endian text without BOM",
                        Enc.UTF8,
                        "\0W\0i\0n",
                        "policy.reg line 1: expected the header"),
                arguments(
                        "value before any key",
                        Enc.UTF8,
                        V5 + "\"A\"=\"b\"\n",
                        "policy.reg line 3: value line outside a key (no [key] line yet)"),
                arguments(
                        "value after a key deletion",
                        Enc.UTF8,
                        V5 + "[-HKLM\\Software\\T]\n\"A\"=\"b\"\n",
                        "policy.reg line 4: value line outside a key (the last key line deletes its key)"),
                arguments(
                        "unknown value form",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=foo\n",
                        "policy.reg line 4: expected \"Name\"=\"value\", \"Name\"=dword:XXXXXXXX, \"Name\"=hex(N):xx,xx,... or \"Name\"=-, found '\"A\"=foo'"),
                arguments(
                        "no equals sign",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\" \"b\"\n",
                        "policy.reg line 4: no '=' after the value name"),
                arguments(
                        "dword with 9 digits",
                        Enc.UTF16_BOM,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=dword:000000001\n",
                        "policy.reg line 4: 'dword:000000001' is not a dword: expected dword:XXXXXXXX (1 to 8 hex digits)"),
                arguments(
                        "dword not hex",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\n\"A\"=dword:xyz\n",
                        "policy.reg line 5: 'dword:xyz' is not a dword"),
                arguments(
                        "unterminated string",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=\"abc\n",
                        "policy.reg line 4: string value has no closing '\"'"),
                arguments(
                        "unterminated name",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A=1\n",
                        "policy.reg line 4: value name has no closing '\"'"),
                arguments(
                        "unescaped backslash",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=\"C:\\Windows\"\n",
                        "policy.reg line 4: string value has '\\W': expected \\\\ for a backslash or \\\" for a quote"),
                arguments(
                        "text after the string",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=\"b\" c\n",
                        "policy.reg line 4: unexpected text after the closing quote"),
                arguments(
                        "bad hex byte",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex:01,zz\n",
                        "policy.reg line 4: 'zz' is not a hex byte"),
                arguments(
                        "bad hex byte on a continuation line",
                        Enc.UTF16_BOM,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex:01,\\\n  02,,03\n",
                        "policy.reg line 5: '' is not a hex byte"),
                arguments(
                        "continuation at end of file",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex:01,\\",
                        "policy.reg line 4: the line ends with '\\' but the file ends"),
                arguments(
                        "key without closing bracket",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T\n",
                        "policy.reg line 3: key line has no closing ']': expected [HKEY_LOCAL_MACHINE\\path]"),
                arguments(
                        "key without hive",
                        Enc.UTF8,
                        V5 + "[Software\\T]\n",
                        "policy.reg line 3: 'Software\\T' does not start with a hive"),
                arguments(
                        "key with empty component",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\\\T]\n",
                        "policy.reg line 3: key 'HKLM\\Software\\\\T' has an empty component"),
                arguments(
                        "hex(2) with odd byte count in 5.00",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex(2):41,00,42\n",
                        "policy.reg line 4: REG_EXPAND_SZ data has 3 bytes: expected an even number (UTF-16LE text)"),
                arguments(
                        "hex(4) with 3 bytes",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex(4):01,00,00\n",
                        "policy.reg line 4: REG_DWORD data has 3 bytes: expected exactly 4"),
                arguments(
                        "unknown type code",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\n\"A\"=hex(20):01\n",
                        "policy.reg line 4: value type 32 is not a registry value type"),
                arguments(
                        "stray text line",
                        Enc.UTF8,
                        V5 + "[HKLM\\Software\\T]\nfoo=bar\n",
                        "policy.reg line 4: expected [key], \"Name\"=value, @=value or ; comment, found 'foo=bar'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refusesBadFiles(String name, Enc enc, String text, String expectedMessage) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> RegFileParser.parse(enc.encode(text), "policy.reg"));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message was: " + e.getMessage());
    }

    @Test
    void readsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.reg");
        Files.write(ok, Enc.UTF16_BOM.encode(V5 + "[HKLM\\Software\\T]\n\"A\"=dword:2\n"));
        assertEquals("SET_VALUE HKLM\\Software\\T [A] REG_DWORD 2 @4", Changes.render(RegFileParser.parse(ok)));

        Path bad = dir.resolve("bad.reg");
        Files.write(bad, Enc.UTF8.encode(V5 + "[HKLM\\Software\\T]\n\"A\"=dword:\n"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RegFileParser.parse(bad));
        assertTrue(e.getMessage().startsWith(bad + " line 4: "), e.getMessage());
    }

    @Test
    void refusesFilesOverTheLimitAndMissingFiles(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.reg");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(RegFileParser.MAX_FILE_BYTES + 1); // sparse: no 16 MiB written
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RegFileParser.parse(big));
        assertEquals(big + " is 16777217 bytes: expected a .reg file of at most 16777216 bytes", e.getMessage());

        Path missing = dir.resolve("missing.reg");
        e = assertThrows(InvalidInputException.class, () -> RegFileParser.parse(missing));
        assertEquals(missing + ": no such file: expected a .reg file", e.getMessage());
    }
}
