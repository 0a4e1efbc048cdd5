package dev.uplink.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Small JSON responses; every error body is {@code {"error": reason}} so clients can park with the reason. */
final class HttpResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponses() {
    }

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

    static void error(HttpExchange ex, int status, String reason) throws IOException {
        json(ex, status, Map.of("error", reason));
    }
}
