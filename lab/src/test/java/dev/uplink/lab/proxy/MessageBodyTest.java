package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies are relayed exactly as framed, and nothing after them is consumed (the next
 * bytes on the connection are not the body's). {@code |} stands for CRLF in the tables.
 */
class MessageBodyTest {

    private static final String REQUEST_LINE = "POST http://a/ HTTP/1.1|";

    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String crlf(String text) {
        return text.replace("|", "\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " ; ",
            value = {
                "no framing, no body ; '' ; NEXT ; ''",
                "content-length ; Content-Length: 5| ; helloNEXT ; hello",
                "content-length 0 ; Content-Length: 0| ; NEXT ; ''",
                "chunked, verbatim ; Transfer-Encoding: chunked| ; 5;ext=1|hello|6| world|0|T: v||NEXT ; 5;ext=1|hello|6| world|0|T: v||",
                "chunked, bare LF kept ; Transfer-Encoding: chunked| ; '2\nok\n0\n\nNEXT' ; '2\nok\n0\n\n'",
                "chunked after another coding ; Transfer-Encoding: gzip, chunked| ; 1|x|0||NEXT ; 1|x|0||",
            })
    void relaysTheBodyAndNothingMore(String name, String fields, String stream, String relayed) throws Exception {
        RequestHead head = RequestHead.read(in(REQUEST_LINE + fields + "|"));
        InputStream body = in(stream);
        ByteArrayOutputStream upstream = new ByteArrayOutputStream();
        MessageBody.copyRequestBody(head, body, upstream);
        assertEquals(crlf(relayed), upstream.toString(StandardCharsets.ISO_8859_1));
        assertEquals("NEXT", new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "length and chunked; Content-Length: 3|Transfer-Encoding: chunked|; abc",
                "two lengths, even equal; Content-Length: 3|Content-Length: 3|; abc",
                "negative length; Content-Length: -3|; abc",
                "length with a sign; Content-Length: +3|; abc",
                "coding other than chunked; Transfer-Encoding: gzip|; abc",
                "bad chunk size; Transfer-Encoding: chunked|; zz|abc|0||",
                "chunk data too long; Transfer-Encoding: chunked|; 2|abc|0||",
            })
    void refusesAmbiguousOrBadFraming(String name, String fields, String stream) throws Exception {
        RequestHead head = RequestHead.read(in(REQUEST_LINE + fields + "|"));
        ProxyRefusal refusal = assertThrows(
                ProxyRefusal.class, () -> MessageBody.copyRequestBody(head, in(stream), new ByteArrayOutputStream()));
        assertEquals(ProxyError.INVALID_REQ, refusal.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "short fixed body; Content-Length: 10|; short",
                "chunked cut in the data; Transfer-Encoding: chunked|; 5|he",
                "chunked without a last chunk; Transfer-Encoding: chunked|; 2|ok|",
            })
    void aClientThatClosesInsideTheBodyIsAnEndOfStream(String name, String fields, String stream) throws Exception {
        RequestHead head = RequestHead.read(in(REQUEST_LINE + fields + "|"));
        assertThrows(
                EOFException.class, () -> MessageBody.copyRequestBody(head, in(stream), new ByteArrayOutputStream()));
    }
}
