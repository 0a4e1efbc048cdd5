package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.uplink.core.testing.Seeded;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Redaction#redactText} runs a pattern only where one pass found what the pattern needs
 * (docs/scaling.md#fleet-health: the health document is megabytes on one line). These tests hold
 * it to the patterns run everywhere, in the same order ({@link #everyPattern}): the fast path may
 * skip work, never a secret.
 */
class RedactionFastPathTest {

    /** One line of a health document: '=' in every issuer, no secret. */
    private static final String DOCUMENT_PIECE = "{\"url\":\"https://login.example.com/x?sv=1&se=2\",\"diagnosis\":"
            + "\"tls-intercepted\",\"detail\":\"certificate issued by CN=Corp Inspection CA, O=Corp\","
            + "\"remediation\":\"see docs/behaviour.md#diagnoses\",\"issuer\":\"CN=Corp Inspection CA\","
            + "\"proxyError\":null,\"httpStatus\":null},";

    /** Every secret form RedactionTest covers, inside a 200 KB line of health document, at its start, middle and end. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://user:pass@proxy.corp:3128              | pass",
                "https://u%40x:p%3Aw@10.0.0.6:8080/path        | p%3Aw",
                "socks5://a:b3cr3t@[fd00::6]:1080              | b3cr3t",
                "alice:s3cret@proxy:3128                       | s3cret",
                "http://user:p@ss@host:8080                    | ss@host",
                "Authorization: Basic YWxpY2U6czNjcmV0         | YWxpY2U6czNjcmV0",
                "Proxy-Authorization: Negotiate TlRMTVNTUAAB   | TlRMTVNTUAAB",
                "AUTHORIZATION=abc123                          | abc123",
                "sent Bearer eyJhbGciOi.x.y to server          | eyJhbGciOi",
                "c?sv=1&sig=AbC%2B&se=2                        | AbC%2B",
                "https://h/cb?access_token=t0k&state=1         | t0k",
                "https://h/?password=pw1                       | pw1",
                "x?SIGNATURE=s1gn                              | s1gn",
                "x;api-key=k3y                                 | k3y",
                "x&API_KEY=k3y                                 | k3y",
                "x?apikey=k3y                                  | k3y",
                "x?passwd=pw2                                  | pw2",
                "x?secret=s3c                                  | s3c",
                "x?code=c0de                                   | c0de",
                "x?token=t0ken                                 | t0ken",
            })
    void everySecretFormIsRedactedInsideALongLine(String secretForm, String secret) {
        String padding = DOCUMENT_PIECE.repeat(200_000 / DOCUMENT_PIECE.length());
        for (String line : new String[] {
            secretForm + " " + padding, padding + " " + secretForm + " " + padding, padding + secretForm
        }) {
            String out = Redaction.redactText(line);
            assertFalse(out.contains(secret), secretForm + " printed");
            assertEquals(everyPattern(line), out, secretForm);
        }
    }

    /** The fast path is exact: random lines of secrets, near-misses and decoys redact as every pattern run everywhere does. */
    @Test
    @ExtendWith(Seeded.class)
    void redactsAsEveryPatternRunEverywhere(Random rnd) {
        String[] pieces = {
            "http://user:pass@proxy:3128",
            "alice:s3cret@proxy",
            "a:b@c@host",
            "user@host",
            "@",
            ":",
            "@[",
            "Authorization: Basic abc",
            "authorization",
            "AUTHORIZATION=x",
            "Proxy-Authorization:",
            "authoriz",
            "Bearer tok",
            "bearer",
            "BEARER\tx",
            "bear",
            "?sig=1",
            "&token=2",
            ";code=3",
            "?api-key=4",
            "?api_key=5",
            "?apikey=6",
            "?access_token=7",
            "?signature=8",
            "?password=9",
            "?passwd=0",
            "?secret=s",
            "?xtoken=n",
            "token=",
            "?sig",
            "=",
            "CN=Corp",
            "?",
            "&",
            ";",
            "sig",
            "\u017Fig",
            "\u212Aey",
            "api\u212Aey",
            "\u0130",
            "x",
            " ",
            "\t",
            "\r",
            "\u2028",
            "\"",
            ",",
            "/",
            "#",
            "é",
            "日本"
        };
        for (int round = 0; round < 5_000; round++) {
            StringBuilder line = new StringBuilder();
            for (int i = rnd.nextInt(12); i >= 0; i--) {
                line.append(pieces[rnd.nextInt(pieces.length)]);
            }
            String s = line.toString();
            assertEquals(everyPattern(s), Redaction.redactText(s), "line <" + s + ">");
        }
    }

    /**
     * The redacting writer passes a line no pattern can match on as it is, and redacts the others:
     * random lines written in random pieces come out as every pattern run on each line.
     */
    @Test
    @ExtendWith(Seeded.class)
    void theWriterRedactsEachLineAsEveryPatternRunEverywhere(Random rnd) throws java.io.IOException {
        StringBuilder expected = new StringBuilder();
        String text = randomLines(rnd, expected);
        java.io.StringWriter sink = new java.io.StringWriter();
        java.io.Writer w = Redaction.writer(sink);
        for (int at = 0; at < text.length(); ) {
            int len = Math.min(text.length() - at, 1 + rnd.nextInt(5000));
            w.write(text, at, len);
            at += len;
        }
        w.flush();
        assertEquals(expected.toString(), sink.toString());
    }

    /**
     * The same for the print stream, which looks at the bytes of an ASCII line and decodes the
     * others: random lines (some with 'é') written in random pieces of bytes, a piece may end inside a
     * character, come out as every pattern run on each line.
     */
    @Test
    @ExtendWith(Seeded.class)
    void thePrintStreamRedactsEachLineAsEveryPatternRunEverywhere(Random rnd) {
        StringBuilder expected = new StringBuilder();
        byte[] text = randomLines(rnd, expected).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = Redaction.printStream(sink);
        for (int at = 0; at < text.length; ) {
            int len = Math.min(text.length - at, 1 + rnd.nextInt(5000));
            ps.write(text, at, len);
            at += len;
        }
        ps.flush();
        assertEquals(expected.toString(), sink.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A long line that needs no redaction is written from the stream's line buffer, not gathered
     * with the lines before it: it still comes after them, and a long line with a secret is still
     * redacted, whether it arrives in one write with short lines or in pieces.
     */
    @Test
    void thePrintStreamKeepsTheOrderOfShortAndLongLines() {
        String longLine = DOCUMENT_PIECE.repeat(8_000 / DOCUMENT_PIECE.length() + 1);
        String secretLine = longLine + "http://user:pass@proxy:3128 " + longLine;
        String text = "first\n" + "second\r" + longLine + "\n" + "third\n" + secretLine + "\n" + longLine + "\n"
                + "tail without end";
        StringBuilder expected = new StringBuilder();
        for (String line : text.split("(?<=[\\n\\r])")) {
            expected.append(everyPattern(line));
        }
        for (int piece : new int[] {text.length(), 1000, 7, 4096}) {
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = Redaction.printStream(sink);
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int at = 0; at < bytes.length; at += piece) {
                ps.write(bytes, at, Math.min(piece, bytes.length - at));
            }
            ps.flush();
            String out = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(expected.toString(), out, "pieces of " + piece);
            assertFalse(out.contains("user:pass"), "pieces of " + piece);
        }
    }

    /** The secret forms of {@link #everySecretFormIsRedactedInsideALongLine}, for the streaming tests. */
    private static final String[][] SECRET_FORMS = {
        {"http://user:pass@proxy.corp:3128", "pass"},
        {"https://u%40x:p%3Aw@10.0.0.6:8080/path", "p%3Aw"},
        {"socks5://a:b3cr3t@[fd00::6]:1080", "b3cr3t"},
        {"alice:s3cret@proxy:3128", "s3cret"},
        {"http://user:p@ss@host:8080", "ss@host"},
        {"Authorization: Basic YWxpY2U6czNjcmV0", "YWxpY2U6czNjcmV0"},
        {"Proxy-Authorization: Negotiate TlRMTVNTUAAB", "TlRMTVNTUAAB"},
        {"Authorization:\tBearer   eyJhbGciOi", "eyJhbGciOi"},
        {"AUTHORIZATION=abc123", "abc123"},
        {"sent Bearer eyJhbGciOi.x.y to server", "eyJhbGciOi"},
        {"Bearer\t\teyJhbGciOi", "eyJhbGciOi"},
        {"c?sv=1&sig=AbC%2B&se=2", "AbC%2B"},
        {"https://h/cb?access_token=t0k&state=1", "t0k"},
        {"https://h/?password=pw1", "pw1"},
        {"x?SIGNATURE=s1gn", "s1gn"},
        {"x;api-key=k3y", "k3y"},
        {"x&API_KEY=k3y", "k3y"},
        {"x?passwd=pw2", "pw2"},
        {"x?code=c0de", "c0de"},
        {"x?token=t0ken", "t0ken"},
    };

    /**
     * A line of more than {@code STREAM_AT} bytes is passed on in parts before its end: each secret form,
     * after 70 KB of document and glued to it or after white space, with a write ending at every
     * offset from just before the form to just after it, comes out as every pattern run on the whole
     * line: the first 70 KB and more in one write (the rest in Jackson's 8,000-byte pieces), and
     * all of it in 700-byte pieces to a stream that passes parts on from 1,000 bytes (so that the part
     * is the kept rest of the line and the new piece).
     */
    @Test
    void aLineWrittenInPartsIsRedactedWhereverAWriteEnds() {
        String before = DOCUMENT_PIECE.repeat(70_000 / DOCUMENT_PIECE.length() + 1);
        String after = DOCUMENT_PIECE.repeat(10_000 / DOCUMENT_PIECE.length() + 1);
        for (String[] form : SECRET_FORMS) {
            for (String glue : new String[] {" ", "", "\t", " x,", "\"u\":\""}) {
                String line = before + glue + form[0] + "\"," + after + "\n";
                String expected = everyPattern(line);
                assertFalse(expected.contains(form[1]), form[0]);
                byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int at = before.length() + glue.length();
                for (int end = at - 3; end <= at + form[0].length() + 3; end++) {
                    for (int smallParts = 0; smallParts < 2; smallParts++) {
                        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                        java.io.PrintStream ps =
                                smallParts == 1 ? Redaction.printStream(sink, 1_000) : Redaction.printStream(sink);
                        int piece = smallParts == 1 ? 700 : 8_000;
                        int first = smallParts == 1 ? end % piece : end;
                        ps.write(bytes, 0, first);
                        for (int i = first; i < bytes.length; i += piece) {
                            ps.write(bytes, i, Math.min(piece, bytes.length - i));
                        }
                        ps.flush();
                        String out = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
                        String where = form[0] + ", a write ending at " + (end - at)
                                + (smallParts == 1 ? ", small parts" : "");
                        assertFalse(out.contains(form[1]), where + ": printed");
                        assertEquals(expected, out, where);
                    }
                }
            }
        }
    }

    /**
     * Lines of several MB (the document with secret forms, near-misses and white-space-free runs in
     * it), written in random pieces from one byte to 300 KB, come out as every pattern run on each line.
     */
    @Test
    @ExtendWith(Seeded.class)
    void linesOfSeveralMegabytesInRandomPiecesAreRedactedAsWholeLines(Random rnd) {
        String longPiece = DOCUMENT_PIECE.repeat(200);
        String noSpace = "a".repeat(70_000) + "b".repeat(30_000);
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int l = 0; l < 3; l++) {
            StringBuilder line = new StringBuilder();
            while (line.length() < 2_000_000 + rnd.nextInt(1_000_000)) {
                int k = rnd.nextInt(10);
                if (k < 6) {
                    line.append(longPiece);
                } else if (k == 6) {
                    line.append(noSpace);
                } else if (k == 7) {
                    line.append(SECRET_FORMS[rnd.nextInt(SECRET_FORMS.length)][0]);
                } else {
                    line.append(
                            new String[] {"@", "authoriz", "bear", "=", " ", "\t", "é", "?", "&sig"}[rnd.nextInt(9)]);
                }
            }
            line.append(rnd.nextBoolean() ? "\n" : "\r");
            text.append(line);
            expected.append(everyPattern(line.toString()));
        }
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = Redaction.printStream(sink);
        for (int at = 0; at < bytes.length; ) {
            int len = Math.min(bytes.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 300_000 : 9_000));
            ps.write(bytes, at, len);
            at += len;
        }
        ps.flush();
        assertEquals(expected.toString(), sink.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * With parts passed on from a few bytes (so that every line is cut wherever it can be), random
     * lines of secrets, near-misses and decoys in random pieces come out as every pattern run on each
     * line.
     */
    @Test
    @ExtendWith(Seeded.class)
    void linesPassedOnInSmallPartsAreRedactedAsWholeLines(Random rnd) {
        for (int round = 0; round < 20; round++) {
            StringBuilder expected = new StringBuilder();
            byte[] text = (round % 2 == 0 ? randomLines(rnd, expected) : quietLines(rnd, expected))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int streamAt = 1 + rnd.nextInt(200);
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = Redaction.printStream(sink, streamAt);
            for (int at = 0; at < text.length; ) {
                int len = Math.min(text.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 3000));
                ps.write(text, at, len);
                at += len;
            }
            ps.flush();
            assertEquals(
                    expected.toString(),
                    sink.toString(java.nio.charset.StandardCharsets.UTF_8),
                    "parts from " + streamAt + " bytes");
        }
    }

    /**
     * A line of well-formed UTF-8 is passed on as its bytes, any other as the decoder's characters
     * (malformed bytes replaced): every sequence of one to three bytes from the boundaries of the
     * well-formed table (and of four from F0..F4), between decoys, in lines written in random pieces
     * to a stream that passes parts on from a few bytes, comes out as every pattern run on each line
     * decoded.
     */
    @Test
    @ExtendWith(Seeded.class)
    void malformedUtf8IsDecodedAsBeforeAndWellFormedPassedOn(Random rnd) {
        int[] edges = {
            'A', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
            0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
        };
        java.util.List<byte[]> sequences = new java.util.ArrayList<>();
        for (int b0 : edges) {
            sequences.add(new byte[] {(byte) b0});
            for (int b1 : edges) {
                sequences.add(new byte[] {(byte) b0, (byte) b1});
                for (int b2 : edges) {
                    sequences.add(new byte[] {(byte) b0, (byte) b1, (byte) b2});
                    if (b0 >= 0xF0 && b0 <= 0xF4) {
                        for (int b3 : edges) {
                            sequences.add(new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3});
                        }
                    }
                }
            }
        }
        String[] decoys = {"a ", "x?tok", "en=1 ", "@", "bear", "er t ", "sig=", " "};
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (byte[] sequence : sequences) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            line.writeBytes(decoys[rnd.nextInt(decoys.length)].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            line.writeBytes(sequence);
            line.writeBytes(decoys[rnd.nextInt(decoys.length)].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            line.write('\n');
            byte[] l = line.toByteArray();
            text.writeBytes(l);
            expected.writeBytes(everyPattern(new String(l, java.nio.charset.StandardCharsets.UTF_8))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] bytes = text.toByteArray();
        for (int streamAt : new int[] {1 << 16, 1 + rnd.nextInt(8), 1 + rnd.nextInt(64)}) {
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = Redaction.printStream(sink, streamAt);
            for (int at = 0; at < bytes.length; ) {
                int len = Math.min(bytes.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 4000));
                ps.write(bytes, at, len);
                at += len;
            }
            ps.flush();
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    expected.toByteArray(), sink.toByteArray(), "parts from " + streamAt + " bytes");
        }
    }

    /**
     * A partial line flushed inside a character (the line's bytes after it in the stream's buffer from
     * an earlier line) is decoded as it stands, its cut character replaced, as before.
     */
    @ParameterizedTest
    @CsvSource({"é", "€", "日", "\uD83D\uDE00"})
    void aPartialLineFlushedInsideACharacterIsDecodedAsItStands(String character) {
        byte[] c = character.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int cut = 1; cut < c.length; cut++) {
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            whole.writeBytes(new byte[] {'x', ' '});
            whole.writeBytes(c);
            whole.writeBytes(new byte[] {' ', 'y', '\n'});
            byte[] line = whole.toByteArray();
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = Redaction.printStream(sink);
            ps.write(line, 0, line.length); // leaves the character's bytes in the stream's line buffer
            ps.write(line, 0, 2 + cut);
            ps.flush();
            ps.write(line, 2 + cut, line.length - 2 - cut);
            ps.flush();
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            expected.writeBytes(line);
            for (int[] part : new int[][] {{0, 2 + cut}, {2 + cut, line.length}}) {
                expected.writeBytes(everyPattern(
                                new String(line, part[0], part[1] - part[0], java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    expected.toByteArray(), sink.toByteArray(), character + " cut after " + cut);
        }
    }

    /**
     * 300 random lines of decoys and white space with at most two secret forms each (where no trigger
     * before them stops the stream from passing parts on); {@code expected} gets each redacted.
     */
    private static String quietLines(Random rnd, StringBuilder expected) {
        String[] pieces = {
            "x",
            "yz",
            " ",
            " ",
            "\t",
            "CN=Corp",
            "authoriz",
            "bear",
            "?",
            "&",
            ",",
            "\"",
            "é",
            "日本",
            "\uD83D\uDE00",
            "api\u212Aey",
            "\u017Fig",
            DOCUMENT_PIECE
        };
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 300; line++) {
            StringBuilder l = new StringBuilder();
            for (int i = rnd.nextInt(60); i >= 0; i--) {
                l.append(
                        rnd.nextInt(30) == 0
                                ? SECRET_FORMS[rnd.nextInt(SECRET_FORMS.length)][0]
                                : pieces[rnd.nextInt(pieces.length)]);
            }
            l.append(rnd.nextBoolean() ? "\n" : "\r");
            text.append(l);
            expected.append(everyPattern(l.toString()));
        }
        return text.toString();
    }

    /** 300 random lines of secrets, near-misses and decoys ending in '\n' or '\r'; {@code expected} gets each redacted. */
    private static String randomLines(Random rnd, StringBuilder expected) {
        String[] pieces = {
            "http://user:pass@proxy:3128",
            "Authorization: Basic abc",
            "Bearer tok",
            "?sig=1",
            "&token=2",
            "CN=Corp",
            "authoriz",
            "bear",
            "@",
            "=",
            "x",
            " ",
            "\t",
            "é",
            DOCUMENT_PIECE
        };
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 300; line++) {
            StringBuilder l = new StringBuilder();
            for (int i = rnd.nextInt(40); i >= 0; i--) {
                l.append(pieces[rnd.nextInt(pieces.length)]);
            }
            l.append(rnd.nextBoolean() ? "\n" : "\r");
            text.append(l);
            expected.append(everyPattern(l.toString()));
        }
        return text.toString();
    }

    /** redactText before its fast path: every pattern over the whole text, in order. */
    private static String everyPattern(String text) {
        // The '@' stage's own linear form (RedactionTest holds it to USERINFO): the bare pattern is
        // quadratic over a long line.
        String s = Redaction.redactUserinfo(text);
        s = Redaction.AUTH_HEADER
                .matcher(s)
                .replaceAll(m -> Matcher.quoteReplacement(
                        m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + Redaction.MASK));
        s = Redaction.BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + Redaction.MASK));
        return Redaction.QUERY_SECRET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + Redaction.MASK));
    }
}
