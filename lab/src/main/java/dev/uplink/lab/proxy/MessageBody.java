package dev.uplink.lab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a request body exactly as framed (RFC 9112 6.3): fixed Content-Length or chunked,
 * passing chunked bytes through verbatim. The proxy must know where the body ends because the
 * client keeps the connection open while it waits for the answer.
 */
final class MessageBody {

    private static final int MAX_LINE = 4096;

    private MessageBody() {
    }

    /** Checks framing and copies the body of {@code head}; a request without framing headers has no body. */
    static void copyRequestBody(RequestHead head, InputStream in, OutputStream out) throws IOException, ProxyRefusal {
        boolean chunked = head.hasToken("Transfer-Encoding", "chunked");
        long lengths = head.count("Content-Length");
        if (chunked && lengths > 0 || lengths > 1 || head.count("Transfer-Encoding") > 0 && !chunked) {
            // Conflicting framing is how requests get smuggled; a demo has no reason to guess.
            throw new ProxyRefusal(ProxyError.INVALID_REQ, "ambiguous or unsupported request body framing");
        }
        if (chunked) {
            copyChunked(in, out);
        } else if (lengths == 1) {
            copyFixed(in, out, contentLength(head.first("Content-Length").orElseThrow()));
        }
        out.flush();
    }

    static long contentLength(String value) throws ProxyRefusal {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new ProxyRefusal(ProxyError.INVALID_REQ, "Content-Length '" + value + "' is not a number");
        }
        return Long.parseLong(value);
    }

    static void copyFixed(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("client closed with " + left + " body bytes still to come");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException, ProxyRefusal {
        while (true) {
            String sizeLine = line(in, out);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new ProxyRefusal(ProxyError.INVALID_REQ, "chunk size '" + sizeLine + "' is not hexadecimal");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                while (!line(in, out).isEmpty()) {
                    // trailer fields pass through until the empty line
                }
                return;
            }
            copyFixed(in, out, size);
            if (!line(in, out).isEmpty()) {
                throw new ProxyRefusal(ProxyError.INVALID_REQ, "chunk data is not followed by CRLF");
            }
        }
    }

    /** Reads one line, writes it through unchanged, returns it without the line end. */
    private static String line(InputStream in, OutputStream out) throws IOException, ProxyRefusal {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("client closed inside a chunked body");
            }
            out.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new ProxyRefusal(ProxyError.INVALID_REQ, "chunk line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
