package dev.uplink.lab.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the responses the proxy generates itself. */
final class ProxyReply {

    static final String NAME = "uplink-demo-proxy";
    static final String VIA = "1.1 " + NAME;

    private ProxyReply() {}

    static void established(OutputStream out) throws IOException {
        String head = "HTTP/1.1 200 Connection established\r\nVia: " + VIA + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void error(OutputStream out, ProxyError error, String detail) throws IOException {
        String body = """
                <!DOCTYPE html>
                <html><head><title>%d %s</title></head>
                <body><h1>%s</h1><p>%s</p><p>%s</p><hr><address>%s</address></body></html>
                """.formatted(
                error.status(),
                error.reason(),
                error.squidError() == null ? error.reason() : error.squidError().split(" ")[0],
                error.explanation(),
                escape(detail),
                NAME);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(error.status())
                .append(' ')
                .append(error.reason())
                .append("\r\n")
                .append("Server: ")
                .append(NAME)
                .append("\r\n")
                .append("Via: ")
                .append(VIA)
                .append("\r\n")
                .append("Content-Type: text/html;charset=utf-8\r\n")
                .append("Content-Length: ")
                .append(bytes.length)
                .append("\r\n");
        if (error.squidError() != null) {
            head.append("X-Squid-Error: ").append(error.squidError()).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
