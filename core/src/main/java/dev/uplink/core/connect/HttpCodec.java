package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The small HTTP/1.1 client codec: one request per connection ({@code Connection: close}) unless
 * the request opted into reuse (then {@code keep-alive}, and the response says if it may be reused),
 * responses with Content-Length, chunked or read-to-close bodies. Responses are untrusted
 * input: line, header and body sizes are bounded; anything malformed is a ProtocolException.
 *
 * <p>The public methods are the pieces a server-side reader shares with this client (the demo
 * lab's forward proxy reads requests and relays responses with them), so both ends of a test
 * topology parse HTTP/1.1 by the same rules.
 */
public final class HttpCodec {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 200;
    static final int MAX_INTERIM = 10;
    static final String USER_AGENT = "uplink/0.1";
    private static final java.util.Set<String> BODY_METHODS = java.util.Set.of("POST", "PUT", "PATCH");

    private HttpCodec() {}

    /** Writes head and body. {@code target} is origin-form ({@code /path}) or absolute-form (via an HTTP proxy). */
    static void writeRequest(OutputStream out, Request req, String target, String proxyAuthorization)
            throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(req.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!req.headers().contains("Host")) {
            head.append("Host: ").append(authority(req)).append("\r\n");
        }
        for (Map.Entry<String, String> h : req.headers().entries()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!req.headers().contains("User-Agent")) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        byte[] body = req.bodyNoCopy();
        if (body != null || BODY_METHODS.contains(req.method())) {
            head.append("Content-Length: ")
                    .append(body == null ? 0 : body.length)
                    .append("\r\n");
        }
        if (proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        head.append(req.reuseConnection() ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    static void writeConnect(OutputStream out, String hostPort, String proxyAuthorization) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("CONNECT ").append(hostPort).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostPort).append("\r\n");
        head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** {@code host[:port]} as the Host header wants it (port omitted when it is the scheme default). */
    static String authority(Request req) {
        String host = req.host().indexOf(':') >= 0 ? "[" + req.host() + "]" : req.host();
        int def = req.isHttps() ? 443 : 80;
        return req.port() == def ? host : host + ":" + req.port();
    }

    static String hostPort(Request req) {
        String host = req.host().indexOf(':') >= 0 ? "[" + req.host() + "]" : req.host();
        return host + ":" + req.port();
    }

    /**
     * Reads one response (skipping interim 1xx). For a CONNECT, a 2xx has no body and nothing
     * beyond the head is consumed; the caller must pass an unbuffered stream then.
     */
    static HttpResponse readResponse(InputStream in, String method, int maxBody) throws IOException {
        for (int interim = 0; ; interim++) {
            HttpResponse head = readResponseHead(in);
            if (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
                if (interim >= MAX_INTERIM) {
                    throw new ProtocolException("more than " + MAX_INTERIM + " interim 1xx responses");
                }
                continue;
            }
            boolean noBody = method.equals("HEAD")
                    || head.status() < 200
                    || head.status() == 204
                    || head.status() == 304
                    || (method.equals("CONNECT") && head.status() < 300);
            if (noBody) {
                return head;
            }
            return readBody(in, head, maxBody);
        }
    }

    /**
     * Reads one response head (interim or final) and nothing after it: the body, if any, is the
     * caller's. A peer that closes before sending anything gets an EOFException.
     */
    public static HttpResponse readResponseHead(InputStream in) throws IOException {
        String statusLine = readLine(in, true);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: '" + printable(statusLine) + "'");
        }
        String code = statusLine.substring(9, 12);
        if (!code.chars().allMatch(Character::isDigit) || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new ProtocolException("bad status code in '" + printable(statusLine) + "'");
        }
        int status = Integer.parseInt(code);
        if (status < 100) {
            throw new ProtocolException("status " + status + " is not 100-999");
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13).trim() : "";
        Headers headers = readFields(in, "response", statusLine.length());
        return new HttpResponse(
                status,
                printable(reason),
                headers,
                new byte[0],
                false,
                statusLine.startsWith("HTTP/1.1") && !hasToken(headers, "Connection", "close"));
    }

    /**
     * Reads the header fields after a start line up to the empty line that ends the head. Bounded
     * like every head this codec reads; obsolete line folding, a missing colon or an invalid name
     * or value is a ProtocolException.
     *
     * @param message        {@code "request"} or {@code "response"}, for the error messages
     * @param startLineBytes the start line's length, which counts towards the head's size limit
     */
    public static Headers readFields(InputStream in, String message, int startLineBytes) throws IOException {
        Headers headers = Headers.EMPTY;
        int headBytes = startLineBytes;
        while (true) {
            String line = readLine(in, false, message);
            if (line.isEmpty()) {
                return headers;
            }
            headBytes += line.length();
            if (headBytes > MAX_HEAD_BYTES || headers.size() >= MAX_HEADERS) {
                throw new ProtocolException(
                        message + " head exceeds " + MAX_HEAD_BYTES + " bytes or " + MAX_HEADERS + " fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new ProtocolException("malformed header line '" + printable(line) + "'");
            }
            try {
                headers = headers.with(
                        line.substring(0, colon), line.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                // Also a space before the colon: a name with whitespace is how requests get smuggled.
                throw new ProtocolException("malformed header line '" + printable(line) + "'");
            }
        }
    }

    private static HttpResponse readBody(InputStream in, HttpResponse head, int maxBody) throws IOException {
        Headers h = head.headers();
        String te = h.get("Transfer-Encoding");
        BoundedSink sink = new BoundedSink(maxBody);
        boolean delimited = true;
        if (te != null && CaseMapping.lower(te).trim().endsWith("chunked")) {
            readChunked(in, sink);
        } else if (te == null && !h.values("Content-Length").isEmpty()) {
            long len = contentLength(h);
            copy(in, sink, len);
        } else {
            copy(in, sink, -1);
            delimited = false; // read to the close: nothing left to reuse
        }
        return new HttpResponse(
                head.status(),
                head.reason(),
                h,
                sink.bytes(),
                sink.truncated,
                head.persistent() && delimited && !sink.truncated);
    }

    /** The Content-Length of {@code h} (-1 when absent); repeated fields must agree. */
    public static long contentLength(Headers h) throws ProtocolException {
        long len = -1;
        for (String v : h.values("Content-Length")) {
            String s = v.trim();
            if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
                throw new ProtocolException("bad Content-Length '" + printable(v) + "'");
            }
            long l = Long.parseLong(s);
            if (len >= 0 && l != len) {
                throw new ProtocolException("conflicting Content-Length values");
            }
            len = l;
        }
        return len;
    }

    private static void readChunked(InputStream in, BoundedSink sink) throws IOException {
        while (!sink.truncated) {
            long size = chunkSize(readLine(in, false));
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailers: ignored
                }
                return;
            }
            copy(in, sink, size);
            if (!sink.truncated && !readLine(in, false).isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
    }

    /** The size on a chunk-size line, ignoring chunk extensions ({@code 1a;name=value}). */
    public static long chunkSize(String line) throws ProtocolException {
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ProtocolException("bad chunk size '" + printable(line) + "'");
        }
        return Long.parseLong(hex, 16);
    }

    /** Copies {@code len} bytes (or to EOF when -1), stopping early once the sink is full. */
    private static void copy(InputStream in, BoundedSink sink, long len) throws IOException {
        byte[] buf = new byte[8192];
        long left = len;
        while (left != 0 && !sink.truncated) {
            int want = left < 0 ? buf.length : (int) Math.min(buf.length, left);
            int n = in.read(buf, 0, want);
            if (n < 0) {
                if (len < 0) {
                    return;
                }
                throw new EOFException("connection closed " + left + " bytes before the end of the body");
            }
            sink.write(buf, n);
            if (left > 0) {
                left -= n;
            }
        }
    }

    /** A line without its CRLF; ISO-8859-1. EOF before any byte of a status line is an EOFException. */
    private static String readLine(InputStream in, boolean statusLine) throws IOException {
        return readLine(in, statusLine, "response");
    }

    /**
     * One line of a message head or chunked body without its line end (CRLF, or a bare LF),
     * as ISO-8859-1; longer than {@value #MAX_LINE} bytes is a ProtocolException.
     *
     * @param message {@code "request"} or {@code "response"}, for the error messages
     */
    public static String readLine(InputStream in, String message) throws IOException {
        return readLine(in, true, message);
    }

    private static String readLine(InputStream in, boolean startLine, String message) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        sb.length() == 0 && startLine
                                ? "connection closed without a " + message
                                : "connection closed in the middle of the " + message + " head");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new ProtocolException(message + " line longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    /** Whether a comma-separated header (e.g. {@code Connection: keep-alive, close}) holds {@code token}. */
    public static boolean hasToken(Headers h, String name, String token) {
        for (String v : h.values(name)) {
            for (String t : v.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Response text ends up in details and reports: keep it printable and short. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 120; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }

    private static final class BoundedSink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int max;
        boolean truncated;

        BoundedSink(int max) {
            this.max = max;
        }

        void write(byte[] b, int n) {
            int room = max - out.size();
            if (n > room) {
                out.write(b, 0, Math.max(room, 0));
                truncated = true;
            } else {
                out.write(b, 0, n);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
