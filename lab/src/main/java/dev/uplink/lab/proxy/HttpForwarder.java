package dev.uplink.lab.proxy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Forwards one absolute-form request ({@code GET http://host/path}) to the origin and relays the
 * answer. One request per connection: both legs are marked {@code Connection: close}, so the end
 * of the response is simply the origin closing, whatever its framing.
 */
final class HttpForwarder {

    /** RFC 9110 7.6.1 hop-by-hop fields, plus the proxy-only ones a forward proxy consumes. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host");

    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private HttpForwarder() {
    }

    /**
     * @param onStatus told the origin's status before the client sees any of the response, so
     *                 counters and events are in place by the time the client has its answer
     */
    static void forward(ProxyRequest request, InputStream clientIn, OutputStream clientOut, Socket upstream,
                        IntConsumer onStatus) throws IOException, ProxyRefusal {
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
        RequestHead response;
        try {
            Optional<RequestHead> head = RequestHead.read(down, MAX_RESPONSE_HEAD);
            if (head.isEmpty()) {
                throw new ProxyRefusal(ProxyError.INVALID_RESP, "the origin closed without answering");
            }
            response = head.get();
        } catch (RequestHead.MalformedHeadException e) {
            throw new ProxyRefusal(ProxyError.INVALID_RESP, e.getMessage());
        }
        onStatus.accept(status(response));
        clientOut.write(responseHead(response).getBytes(StandardCharsets.ISO_8859_1));
        down.transferTo(clientOut);
        clientOut.flush();
    }

    private static String requestHead(ProxyRequest request) {
        StringBuilder sb = new StringBuilder()
                .append(request.method()).append(' ').append(request.pathAndQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(request.hostHeader()).append("\r\n");
        appendEndToEnd(sb, request.head(), "expect");
        return sb.append("Via: ").append(ProxyReply.VIA).append("\r\nConnection: close\r\n\r\n").toString();
    }

    private static String responseHead(RequestHead response) {
        StringBuilder sb = new StringBuilder(response.startLine()).append("\r\n");
        appendEndToEnd(sb, response, "");
        return sb.append("Via: ").append(ProxyReply.VIA).append("\r\nConnection: close\r\n\r\n").toString();
    }

    private static void appendEndToEnd(StringBuilder sb, RequestHead head, String alsoDrop) {
        // Fields named in Connection are hop-by-hop too (RFC 9110 7.6.1).
        for (RequestHead.Field f : head.fields()) {
            String name = f.name().toLowerCase(java.util.Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals(alsoDrop) && !head.hasToken("Connection", name)) {
                sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
        }
    }

    private static int status(RequestHead response) throws ProxyRefusal {
        String[] parts = response.startLine().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5]\\d\\d")) {
            throw new ProxyRefusal(ProxyError.INVALID_RESP, "status line '" + response.startLine() + "' is not HTTP/1.x");
        }
        return Integer.parseInt(parts[1]);
    }
}
