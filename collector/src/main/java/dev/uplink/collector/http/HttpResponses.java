package dev.uplink.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Small JSON responses; every error body is {@code {"error": reason}} so clients can park with the reason. */
final class HttpResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponses() {}

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /**
     * Sends an error after discarding what is left of the request body. Without that, closing the
     * connection with unread data makes the kernel send a reset that can destroy our response in
     * the client's buffers: the sensor would see a connection failure and retry for ever, instead
     * of a 401/403/413 it must park on. The discard is bounded (and so is the request time);
     * beyond the bound the client gets the reset.
     */
    static void error(HttpExchange ex, int status, String reason) throws IOException {
        error(ex, status, null, reason);
    }

    /** As {@link #error(HttpExchange, int, String)}, with a machine-readable {@code "code"} when not null. */
    static void error(HttpExchange ex, int status, String code, String reason) throws IOException {
        discardRequestBody(ex);
        json(ex, status, code == null ? Map.of("error", reason) : Map.of("error", reason, "code", code));
    }

    static final long DISCARD_LIMIT = 64L << 20;

    private static void discardRequestBody(HttpExchange ex) {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            if (cl != null && Long.parseLong(cl.trim()) > DISCARD_LIMIT) {
                return;
            }
        } catch (NumberFormatException e) {
            return;
        }
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        try {
            InputStream in = ex.getRequestBody();
            int n;
            while (total <= DISCARD_LIMIT && (n = in.read(sink)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // The client went away: nothing left to protect.
        }
    }
}
