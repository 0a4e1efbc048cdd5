package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Response parsing, good and bad inputs ({@code |} stands for CRLF in the tables). */
class HttpCodecTest {

    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the connection may carry another request after this response. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "1.1 with length; GET; HTTP/1.1 200 OK|Content-Length: 2||ok; true",
                "1.1 chunked; GET; HTTP/1.1 200 OK|Transfer-Encoding: chunked||2|ok|0||; true",
                "1.1 no body; GET; HTTP/1.1 204 No Content||; true",
                "1.1 close; GET; HTTP/1.1 200 OK|Connection: close|Content-Length: 2||ok; false",
                "1.1 close among tokens; GET; 'HTTP/1.1 200 OK|Connection: Upgrade, CLOSE|Content-Length: 2||ok'; false",
                "1.1 read to close; GET; HTTP/1.1 200 OK||whole; false",
                "1.1 truncated body; GET; HTTP/1.1 200 OK|Content-Length: 12||0123456789ab; false",
                "1.0; GET; HTTP/1.0 200 OK|Content-Length: 2||ok; false",
            })
    void knowsWhenAConnectionMayBeReused(String name, String method, String raw, boolean persistent)
            throws IOException {
        assertEquals(persistent, HttpCodec.readResponse(in(raw), method, 8).persistent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "content-length; GET; HTTP/1.1 200 OK|Content-Length: 5||hello-extra; 200; hello; false",
                "no reason phrase; GET; HTTP/1.1 204|X: y||; 204; ''; false",
                "chunked with extension and trailer; GET; 'HTTP/1.1 200 OK|Transfer-Encoding: chunked||3;x=y|abc|2|de|0|T: v||'; 200; abcde; false",
                "read to close; GET; HTTP/1.0 200 OK||whole; 200; whole; false",
                "interim 100 skipped; POST; HTTP/1.1 100 Continue||HTTP/1.1 201 Created|Content-Length: 2||ok; 201; ok; false",
                "HEAD has no body; HEAD; HTTP/1.1 200 OK|Content-Length: 99||; 200; ''; false",
                "304 has no body; GET; HTTP/1.1 304 Not Modified|Content-Length: 99||; 304; ''; false",
                "CONNECT 200 has no body; CONNECT; HTTP/1.1 200 Connection established||TLSBYTES; 200; ''; false",
                "CONNECT 403 body read; CONNECT; HTTP/1.1 403 Forbidden|Content-Length: 4||deny; 403; deny; false",
                "bounded body; GET; HTTP/1.1 200 OK|Content-Length: 12||0123456789ab; 200; 01234567; true",
                "bounded chunked; GET; HTTP/1.1 200 OK|Transfer-Encoding: chunked||c|0123456789ab|0||; 200; 01234567; true",
                "bare LF tolerated; GET; 'HTTP/1.1 200 OK\nContent-Length: 1\n\nz'; 200; z; false",
                "same Content-Length twice; GET; HTTP/1.1 200 OK|Content-Length: 1|Content-Length: 1||z; 200; z; false",
            })
    void parsesGoodResponses(String name, String method, String raw, int status, String body, boolean truncated)
            throws IOException {
        HttpResponse r = HttpCodec.readResponse(in(raw), method, 8);
        assertEquals(status, r.status());
        assertEquals(body, new String(r.body(), StandardCharsets.ISO_8859_1));
        assertEquals(truncated, r.truncated());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "empty; ''",
                "not http; SSH-2.0-OpenSSH_9.2|",
                "http/2 preface; PRI * HTTP/2.0||",
                "bad status; HTTP/1.1 2x0 OK||",
                "status too short; HTTP/1.1 20||",
                "status 099; HTTP/1.1 099 Low||",
                "status glued; HTTP/1.1 2000 OK||",
                "header without colon; HTTP/1.1 200 OK|NoColon||",
                "obs-fold; HTTP/1.1 200 OK|A: b| folded||",
                "bad content-length; HTTP/1.1 200 OK|Content-Length: -1||",
                "conflicting content-length; HTTP/1.1 200 OK|Content-Length: 1|Content-Length: 2||z",
                "truncated body; HTTP/1.1 200 OK|Content-Length: 10||short",
                "bad chunk size; HTTP/1.1 200 OK|Transfer-Encoding: chunked||zz|",
                "chunk without CRLF; HTTP/1.1 200 OK|Transfer-Encoding: chunked||2|abX|0||",
                "head cut off; HTTP/1.1 200 OK|Content-Type: te",
            })
    void rejectsBadResponses(String name, String raw) {
        assertThrows(IOException.class, () -> HttpCodec.readResponse(in(raw), "GET", 1024));
    }

    @org.junit.jupiter.api.Test
    void rejectsOverlongLinesAndTooManyHeaders() {
        String longLine = "HTTP/1.1 200 OK|X: " + "a".repeat(HttpCodec.MAX_LINE + 1) + "||";
        assertThrows(IOException.class, () -> HttpCodec.readResponse(in(longLine), "GET", 10));
        String many = "HTTP/1.1 200 OK|" + "X: y|".repeat(HttpCodec.MAX_HEADERS + 1) + "|";
        assertThrows(IOException.class, () -> HttpCodec.readResponse(in(many), "GET", 10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hex | 1a | 26",
                "upper case | FF | 255",
                "extension | 5;name=value | 5",
                "spaces around | ' 3 ;x' | 3",
                "last chunk | 0 | 0",
                "fifteen digits | fffffffffffffff | 1152921504606846975",
            })
    void readsChunkSizes(String name, String line, long size) throws IOException {
        assertEquals(size, HttpCodec.chunkSize(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty | ''",
                "extension only | ;x",
                "not hex | zz",
                "negative | -1",
                "0x prefix | 0x10",
                "sixteen digits | 1000000000000000",
            })
    void rejectsBadChunkSizes(String name, String line) {
        assertThrows(java.net.ProtocolException.class, () -> HttpCodec.chunkSize(line));
    }

    /** The field reader is shared with request readers; its errors name the message it reads. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "too many fields; MANY; request head exceeds",
                "overlong line; LONG; request line longer than",
                "space before colon; X-A : 1||; malformed header line",
                "obs-fold; A: b| folded||; malformed header line",
            })
    void fieldErrorsNameTheMessage(String name, String raw, String error) {
        String text = switch (raw) {
            case "MANY" -> "X: y|".repeat(HttpCodec.MAX_HEADERS + 1) + "|";
            case "LONG" -> "X: " + "a".repeat(HttpCodec.MAX_LINE + 1) + "||";
            default -> raw;
        };
        IOException e =
                assertThrows(java.net.ProtocolException.class, () -> HttpCodec.readFields(in(text), "request", 0));
        assertTrue(e.getMessage().startsWith(error), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void readsFieldsUpToTheEndOfTheHeadOnly() throws IOException {
        InputStream in = in("Host: a|Content-Length: 2|Connection: keep-alive, Close||ok");
        Headers h = HttpCodec.readFields(in, "request", 0);
        assertEquals(3, h.size());
        assertEquals("2", h.get("content-length"));
        assertTrue(HttpCodec.hasToken(h, "Connection", "close"));
        assertEquals(2, HttpCodec.contentLength(h));
        assertEquals("ok", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @org.junit.jupiter.api.Test
    void squidErrorNameIsExtracted() throws IOException {
        HttpResponse r = HttpCodec.readResponse(
                in("HTTP/1.1 403 Forbidden|X-Squid-Error: ERR_ACCESS_DENIED 0|Content-Length: 0||"), "CONNECT", 10);
        assertEquals("ERR_ACCESS_DENIED", r.squidError());
        assertEquals("403 Forbidden (X-Squid-Error: ERR_ACCESS_DENIED)", r.describe());
    }
}
