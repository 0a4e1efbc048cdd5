package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value assignment of a {@code .reg} file, possibly continued over several lines:
 * {@code "Name"="text"}, {@code "Name"=dword:0000001}, {@code "Name"=hex(N):xx,xx,\},
 * {@code "Name"=-} or the same with {@code @} for the default value.
 *
 * @param value         the data, null for a delete marker
 * @param lastLineIndex the 0-based index of the last physical line the value used
 */
record RegValueLine(String name, RegistryValue value, int lastLineIndex) {

    static final String VALUE_EXPECTED =
            "expected \"Name\"=\"value\", \"Name\"=dword:XXXXXXXX, \"Name\"=hex(N):xx,xx,... or \"Name\"=-";
    private static final Pattern DWORD = Pattern.compile("(?i)dword:([0-9a-f]{1,8})");
    private static final Pattern HEX = Pattern.compile("(?i)hex(?:\\(([0-9a-f]{1,8})\\))?:(.*)");
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9A-Fa-f]{1,2}");

    RegistryChange toChange(String key, String where) {
        return value == null
                ? RegistryChange.deleteValue(key, name, where)
                : RegistryChange.set(key, name, value, where);
    }

    static RegValueLine parse(List<String> lines, int index, String fileName, Charset stringCharset) {
        String where = fileName + " line " + (index + 1);
        String line = lines.get(index).strip();
        String name;
        int p;
        if (line.startsWith("@")) {
            name = "";
            p = 1;
        } else {
            Quoted q = Quoted.read(line, 0, where, "value name");
            name = q.text();
            p = q.end();
        }
        String rest = line.substring(p).stripLeading();
        if (!rest.startsWith("=")) {
            throw new InvalidInputException(where + ": no '=' after the value name: " + VALUE_EXPECTED);
        }
        rest = rest.substring(1).strip();
        if (rest.startsWith("\"")) {
            Quoted q = Quoted.read(rest, 0, where, "string value");
            if (!rest.substring(q.end()).isBlank()) {
                throw new InvalidInputException(where + ": unexpected text after the closing quote: " + VALUE_EXPECTED);
            }
            return new RegValueLine(name, new RegistryValue.Text(RegistryValueType.REG_SZ, q.text()), index);
        }
        if (rest.equals("-")) {
            return new RegValueLine(name, null, index);
        }
        if (CaseMapping.lower(rest).startsWith("dword:")) {
            Matcher m = DWORD.matcher(rest);
            if (!m.matches()) {
                throw new InvalidInputException(where + ": '" + RegFileParser.abbreviate(rest)
                        + "' is not a dword: expected dword:XXXXXXXX (1 to 8 hex digits)");
            }
            return new RegValueLine(
                    name, new RegistryValue.Number(RegistryValueType.REG_DWORD, Long.parseLong(m.group(1), 16)), index);
        }
        Matcher hex = HEX.matcher(rest);
        if (hex.matches()) {
            RegistryValueType type = hex.group(1) == null
                    ? RegistryValueType.REG_BINARY
                    : RegistryValueType.ofCode(Long.parseLong(hex.group(1), 16), where);
            return hexValue(lines, index, hex.group(2), name, type, fileName, stringCharset);
        }
        throw new InvalidInputException(
                where + ": " + VALUE_EXPECTED + ", found '" + RegFileParser.abbreviate(line) + "'");
    }

    /** Reads the byte list, following lines that end in {@code \}; each bad byte is reported on its own line. */
    private static RegValueLine hexValue(
            List<String> lines,
            int index,
            String first,
            String name,
            RegistryValueType type,
            String fileName,
            Charset stringCharset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = index;
        String chunk = first.strip();
        boolean lastChunk = false;
        while (!lastChunk) {
            String where = fileName + " line " + (i + 1);
            lastChunk = !chunk.endsWith("\\");
            if (!lastChunk) {
                chunk = chunk.substring(0, chunk.length() - 1).strip();
            }
            String[] tokens = chunk.split(",", -1);
            for (int t = 0; t < tokens.length; t++) {
                String token = tokens[t].strip();
                if (t == tokens.length - 1 && token.isEmpty()) {
                    continue; // "00,01,\" and an empty "hex:" are regedit's own forms
                }
                if (!HEX_BYTE.matcher(token).matches()) {
                    throw new InvalidInputException(where + ": '" + RegFileParser.abbreviate(token)
                            + "' is not a hex byte: expected hex(N):xx,xx,... with continuation lines ending in '\\'");
                }
                bytes.write(Integer.parseInt(token, 16));
            }
            if (!lastChunk) {
                i++;
                if (i >= lines.size()) {
                    throw new InvalidInputException(
                            where + ": the line ends with '\\' but the file ends: expected another line of hex bytes");
                }
                chunk = lines.get(i).strip();
            }
        }
        String where = fileName + " line " + (index + 1);
        return new RegValueLine(name, RegistryValueDecoder.decode(type, bytes.toByteArray(), stringCharset, where), i);
    }

    /** A {@code "..."} token; regedit escapes only backslash and double quote. */
    record Quoted(String text, int end) {
        static Quoted read(String s, int start, String where, String what) {
            StringBuilder out = new StringBuilder();
            for (int i = start + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    return new Quoted(out.toString(), i + 1);
                }
                if (c == '\\') {
                    char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                    if (next != '\\' && next != '"') {
                        throw new InvalidInputException(where + ": " + what + " has '\\" + (next == ' ' ? "" : next)
                                + "': expected \\\\ for a backslash or \\\" for a quote");
                    }
                    out.append(next);
                    i++;
                } else {
                    out.append(c);
                }
            }
            throw new InvalidInputException(where + ": " + what + " has no closing '\"': " + VALUE_EXPECTED);
        }
    }
}
