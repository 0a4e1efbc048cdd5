package dev.uplink.lab.proxy;

import dev.uplink.core.connect.Headers;
import dev.uplink.core.connect.HttpCodec;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;

/**
 * Copies a request body exactly as framed (RFC 9112 6.3): fixed Content-Length or chunked,
 * passing chunked bytes through verbatim. The proxy must know where the body ends because the
 * client keeps the connection open while it waits for the answer. Lengths, chunk sizes and lines
 * are read with core's rules ({@link HttpCodec}); the framing decisions and the relaying are the
 * proxy's own, since core's client codec only ever reads response bodies.
 */
final class MessageBody {

    private MessageBody() {}

    /** Checks framing and copies the body of {@code head}; a request without framing headers has no body. */
    static void copyRequestBody(RequestHead head, InputStream in, OutputStream out) throws IOException, ProxyRefusal {
        Headers h = head.headers();
        boolean chunked = head.hasToken("Transfer-Encoding", "chunked");
        int lengths = h.values("Content-Length").size();
        if (chunked && lengths > 0 || lengths > 1 || h.contains("Transfer-Encoding") && !chunked) {
            // Conflicting framing is how requests get smuggled; a demo has no reason to guess.
            throw new ProxyRefusal(ProxyError.INVALID_REQ, "ambiguous or unsupported request body framing");
        }
        try {
            if (chunked) {
                copyChunked(in, out);
            } else if (lengths == 1) {
                copyFixed(in, out, HttpCodec.contentLength(h));
            }
        } catch (ProtocolException e) {
            throw new ProxyRefusal(ProxyError.INVALID_REQ, e.getMessage());
        }
        out.flush();
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
        // Lines are read through the tee, so what core's reader consumes goes upstream unchanged.
        InputStream lines = new Tee(in, out);
        while (true) {
            long size = HttpCodec.chunkSize(HttpCodec.readLine(lines, "request"));
            if (size == 0) {
                while (!HttpCodec.readLine(lines, "request").isEmpty()) {
                    // trailer fields pass through until the empty line
                }
                return;
            }
            copyFixed(in, out, size);
            if (!HttpCodec.readLine(lines, "request").isEmpty()) {
                throw new ProxyRefusal(ProxyError.INVALID_REQ, "chunk data is not followed by CRLF");
            }
        }
    }

    /** Writes every byte it reads to {@code copy}. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // skipped bytes would not be copied
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
