package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ISC dhclient lease databases ({@code /var/lib/dhcp/dhclient*.leases}, and NetworkManager's
 * {@code dhclient-*.lease} when it drives dhclient). The file is a list of
 * {@code lease { ...; }} blocks appended over time, so later blocks are newer.
 *
 * <p>Option 252 appears under the name the local dhclient.conf gives it ({@code option wpad code
 * 252 = string;} is the common one) or, undeclared, as {@code unknown-252}; its value is a quoted
 * string with C-style escapes ({@code \000} for the NUL Windows servers append) or colon-separated
 * hex bytes when it is not printable.
 */
public final class DhclientLeaseParser {

    /** Names dhclient configurations use for option 252. */
    static final Set<String> WPAD_OPTION_NAMES = Set.of(
            "wpad", "wpad-url", "wpad_url", "unknown-252", "code252", "code-252", "option-252", "proxy-auto-config");

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private DhclientLeaseParser() {}

    /** Every {@code lease} block, oldest first. */
    public static List<DhcpLease> parse(String text, String source) {
        List<Token> tokens = tokenize(text, source);
        List<DhcpLease> leases = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (depth == 0
                    && t.isWord("lease")
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).is("{")) {
                i = parseLease(tokens, i + 2, source, leases);
            } else if (t.is("{")) {
                depth++;
            } else if (t.is("}")) {
                if (--depth < 0) {
                    throw new InvalidInputException(
                            source + ": unbalanced '}': expected dhclient lease { ... } blocks");
                }
            }
        }
        if (depth != 0) {
            throw new InvalidInputException(source + ": unterminated block: missing '}'");
        }
        return List.copyOf(leases);
    }

    /** Parses statements up to the block's closing brace; returns the index of that brace. */
    private static int parseLease(List<Token> tokens, int start, String source, List<DhcpLease> out) {
        String iface = null;
        String wpad = null;
        String domain = null;
        Instant expires = null;
        List<Token> statement = new ArrayList<>();
        int depth = 0;
        for (int i = start; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("{")) {
                depth++;
            } else if (t.is("}")) {
                if (depth == 0) {
                    out.add(new DhcpLease(
                            source + " (dhclient)",
                            Optional.ofNullable(iface),
                            DhcpOptionText.nonBlank(wpad),
                            DhcpOptionText.nonBlank(domain),
                            Optional.ofNullable(expires)));
                    return i;
                }
                depth--;
            } else if (t.is(";")) {
                if (depth == 0 && !statement.isEmpty()) {
                    Token head = statement.get(0);
                    if (head.isWord("interface") && statement.size() == 2) {
                        iface = statement.get(1).text();
                    } else if (head.isWord("expire")) {
                        expires = expiry(statement, source);
                    } else if (head.isWord("option") && statement.size() >= 3) {
                        String name = statement.get(1).text();
                        List<Token> value = statement.subList(2, statement.size());
                        if (WPAD_OPTION_NAMES.contains(name)) {
                            wpad = optionText(value, source + " option " + name);
                        } else if (name.equals("domain-name")) {
                            domain = optionText(value, source + " option domain-name")
                                    .split("\\s+")[0];
                        }
                    }
                }
                statement.clear();
            } else {
                statement.add(t);
            }
        }
        throw new InvalidInputException(source + ": lease block not closed: missing '}'");
    }

    private static String optionText(List<Token> value, String what) {
        if (value.size() == 1 && value.get(0).quoted()) {
            return DhcpOptionText.text(value.get(0).bytes());
        }
        if (value.size() == 1 && DhcpOptionText.isColonHex(value.get(0).text())) {
            return DhcpOptionText.text(DhcpOptionText.hex(value.get(0).text(), what));
        }
        StringBuilder sb = new StringBuilder();
        for (Token t : value) {
            sb.append(sb.length() == 0 ? "" : " ").append(t.text());
        }
        return sb.toString();
    }

    /** {@code expire 4 2024/01/11 09:21:55} (UTC), {@code expire epoch 1704964915}, {@code expire never}. */
    private static Instant expiry(List<Token> st, String source) {
        try {
            if (st.size() >= 3 && st.get(1).isWord("epoch")) {
                return Instant.ofEpochSecond(Long.parseLong(st.get(2).text()));
            }
            if (st.size() >= 4) {
                return LocalDateTime.parse(st.get(2).text() + " " + st.get(3).text(), EXPIRY)
                        .toInstant(ZoneOffset.UTC);
            }
            return null; // "never" or a form we do not know: treat as not expired
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidInputException(
                    source + ": expire date '"
                            + st.subList(1, st.size()).stream()
                                    .map(Token::text)
                                    .reduce((a, b) -> a + " " + b)
                                    .orElse("")
                            + "' is not valid: expected 'expire <weekday> yyyy/mm/dd hh:mm:ss'",
                    e);
        }
    }

    private record Token(String text, byte[] bytes, boolean quoted) {
        boolean is(String punct) {
            return !quoted && text.equals(punct);
        }

        boolean isWord(String word) {
            return !quoted && text.equals(word);
        }
    }

    private static List<Token> tokenize(String text, String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';') {
                tokens.add(new Token(String.valueOf(c), null, false));
                i++;
            } else if (c == '"') {
                i = quoted(text, i + 1, source, tokens);
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "{};\"#".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), null, false));
            }
        }
        return tokens;
    }

    /** Reads a quoted string starting after the opening quote; returns the index after the closing quote. */
    private static int quoted(String text, int i, String source, List<Token> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') {
                byte[] b = bytes.toByteArray();
                tokens.add(new Token(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1), b, true));
                return i;
            }
            if (c == '\\' && i < text.length()) {
                char e = text.charAt(i++);
                if (e >= '0' && e <= '7') {
                    int end = i - 1;
                    while (end < text.length() && end < i + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                        end++;
                    }
                    bytes.write(Integer.parseInt(text.substring(i - 1, end), 8) & 0xff);
                    i = end;
                } else {
                    bytes.write(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                }
            } else {
                byte[] enc = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
            }
        }
        throw new InvalidInputException(source + ": unterminated quoted string: missing '\"'");
    }
}
