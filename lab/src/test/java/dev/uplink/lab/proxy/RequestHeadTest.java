package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading request heads ({@code |} stands for CRLF in the tables). */
class RequestHeadTest {

    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "plain; GET http://a/ HTTP/1.1|Host: a|X: 1||; GET http://a/ HTTP/1.1; 2",
                "no fields; CONNECT a:443 HTTP/1.1||; CONNECT a:443 HTTP/1.1; 0",
                "one empty line first; |GET http://a/ HTTP/1.1|Host: a||; GET http://a/ HTTP/1.1; 1",
                "four empty lines first; ||||GET http://a/ HTTP/1.1||; GET http://a/ HTTP/1.1; 0",
                "bare LF; 'GET http://a/ HTTP/1.1\nHost: a\n\n'; GET http://a/ HTTP/1.1; 1",
            })
    void readsHeads(String name, String raw, String requestLine, int fields) throws Exception {
        RequestHead head = RequestHead.read(in(raw));
        assertEquals(requestLine, head.requestLine());
        assertEquals(fields, head.headers().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "five empty lines first; |||||GET http://a/ HTTP/1.1||; empty lines",
                "obs-fold; GET http://a/ HTTP/1.1|X: 1|  folded||; malformed header line",
                "space before colon; GET http://a/ HTTP/1.1|X : 1||; malformed header line",
                "no colon; GET http://a/ HTTP/1.1|garbage||; malformed header line",
                "overlong request line; LONG; request line longer than",
            })
    void refusesMalformedHeads(String name, String raw, String detail) {
        String text = raw.equals("LONG") ? "GET http://a/" + "a".repeat(9000) + " HTTP/1.1||" : raw;
        ProxyRefusal refusal = assertThrows(ProxyRefusal.class, () -> RequestHead.read(in(text)));
        assertEquals(ProxyError.INVALID_REQ, refusal.error());
        assertTrue(refusal.getMessage().contains(detail), refusal.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "idle close; ''",
                "closed in the request line; GET http://a/",
                "closed in the fields; GET http://a/ HTTP/1.1|Host: a|",
            })
    void aClientThatClosesFirstIsAnEndOfStream(String name, String raw) {
        assertThrows(EOFException.class, () -> RequestHead.read(in(raw)));
    }

    @Test
    void bytesAfterTheHeadStayInTheStream() throws Exception {
        InputStream in = in("CONNECT a:443 HTTP/1.1|Host: a:443||\u0016\u0003\u0001");
        RequestHead.read(in);
        assertEquals("\u0016\u0003\u0001", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void tokensAreMatchedInCommaSeparatedFields() throws Exception {
        RequestHead head =
                RequestHead.read(in("POST http://a/ HTTP/1.1|Transfer-Encoding: gzip, Chunked|Expect: 100-continue||"));
        assertTrue(head.hasToken("Transfer-Encoding", "chunked"));
        assertTrue(head.hasToken("expect", "100-continue"));
    }
}
