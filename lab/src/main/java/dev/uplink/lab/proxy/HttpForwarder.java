package dev.uplink.lab.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.connect.Headers;
import dev.uplink.core.connect.HttpCodec;
import dev.uplink.core.connect.HttpResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Forwards one absolute-form request ({@code GET http://host/path}) to the origin and relays the
 * answer. One request per connection: both legs are marked {@code Connection: close}, so the end
 * of the response is simply the origin closing, whatever its framing. The origin's response head
 * is read with core's client rules ({@link HttpCodec#readResponseHead}).
 */
final class HttpForwarder {

    /** RFC 9110 7.6.1 hop-by-hop fields, plus the proxy-only ones a forward proxy consumes. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "proxy-connection",
            "keep-alive",
            "te",
            "trailer",
            "upgrade",
            "proxy-authorization",
            "proxy-authenticate",
            "host");

    private HttpForwarder() {}

    /**
     * @param onStatus told the origin's status before the client sees any of the response, so
     *                 counters and events are in place by the time the client has its answer
     */
    static void forward(
            ProxyRequest request, InputStream clientIn, OutputStream clientOut, Socket upstream, IntConsumer onStatus)
            throws IOException, ProxyRefusal {
        OutputStream up = new BufferedOutputStream(upstream.getOutputStream());
        up.write(requestHead(request).getBytes(StandardCharsets.ISO_8859_1));
        if (request.head().hasToken("Expect", "100-continue")) {
            // Answer the expectation here (RFC 9110 10.1.1): the body is read before the origin's
            // answer, so waiting for the origin's 100 would stall until the client gives up waiting.
            clientOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            clientOut.flush();
        }
        MessageBody.copyRequestBody(request.head(), clientIn, up);
        up.flush();

        InputStream down = new BufferedInputStream(upstream.getInputStream());
        HttpResponse response;
        try {
            response = HttpCodec.readResponseHead(down);
        } catch (EOFException | ProtocolException e) {
            throw new ProxyRefusal(ProxyError.INVALID_RESP, "the origin's answer: " + e.getMessage());
        }
        onStatus.accept(response.status());
        clientOut.write(responseHead(response).getBytes(StandardCharsets.ISO_8859_1));
        down.transferTo(clientOut);
        clientOut.flush();
    }

    private static String requestHead(ProxyRequest request) {
        StringBuilder sb = new StringBuilder()
                .append(request.method())
                .append(' ')
                .append(request.pathAndQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(request.hostHeader())
                .append("\r\n");
        appendEndToEnd(sb, request.head().headers(), "expect");
        return sb.append("Via: ")
                .append(ProxyReply.VIA)
                .append("\r\nConnection: close\r\n\r\n")
                .toString();
    }

    private static String responseHead(HttpResponse response) {
        // A proxy sends its own HTTP version, not the origin's (RFC 9110 6.2).
        StringBuilder sb =
                new StringBuilder("HTTP/1.1 ").append(response.statusLine()).append("\r\n");
        appendEndToEnd(sb, response.headers(), "");
        return sb.append("Via: ")
                .append(ProxyReply.VIA)
                .append("\r\nConnection: close\r\n\r\n")
                .toString();
    }

    private static void appendEndToEnd(StringBuilder sb, Headers headers, String alsoDrop) {
        // Fields named in Connection are hop-by-hop too (RFC 9110 7.6.1).
        for (Map.Entry<String, String> f : headers.entries()) {
            String name = CaseMapping.lower(f.getKey());
            if (!HOP_BY_HOP.contains(name)
                    && !name.equals(alsoDrop)
                    && !HttpCodec.hasToken(headers, "Connection", name)) {
                sb.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
            }
        }
    }
}
