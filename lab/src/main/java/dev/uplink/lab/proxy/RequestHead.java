package dev.uplink.lab.proxy;

import dev.uplink.core.connect.Headers;
import dev.uplink.core.connect.HttpCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * The request line and header fields of one request to the proxy, read with core's HTTP/1.1
 * rules and limits ({@link HttpCodec}) byte by byte, so bytes after the head (a TLS ClientHello
 * pipelined after CONNECT, a request body) stay in the stream.
 */
record RequestHead(String requestLine, Headers headers) {

    /** RFC 9112 2.2: a server ignores an empty line or two before the request line, not a stream of them. */
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    /**
     * Reads one head.
     *
     * @throws java.io.EOFException when the client closed first, an idle keep-alive close included
     * @throws ProxyRefusal         INVALID_REQ for a malformed or oversized head
     */
    static RequestHead read(InputStream in) throws IOException, ProxyRefusal {
        try {
            String line = HttpCodec.readLine(in, "request");
            for (int empty = 1; line.isEmpty(); empty++) {
                if (empty > MAX_LEADING_EMPTY_LINES) {
                    throw new ProxyRefusal(
                            ProxyError.INVALID_REQ,
                            "more than " + MAX_LEADING_EMPTY_LINES + " empty lines before the request line");
                }
                line = HttpCodec.readLine(in, "request");
            }
            return new RequestHead(line, HttpCodec.readFields(in, "request", line.length()));
        } catch (ProtocolException e) {
            throw new ProxyRefusal(ProxyError.INVALID_REQ, e.getMessage());
        }
    }

    /** Whether a comma-separated field such as {@code Connection: keep-alive, close} holds {@code token}. */
    boolean hasToken(String name, String token) {
        return HttpCodec.hasToken(headers, name, token);
    }
}
