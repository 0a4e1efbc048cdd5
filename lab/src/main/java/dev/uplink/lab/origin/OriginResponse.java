package dev.uplink.lab.origin;

import java.nio.charset.StandardCharsets;

/** What the demo origin answers on a path: status, content type and body. */
public record OriginResponse(int status, String contentType, String body) {

    public OriginResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("origin response status " + status + " is out of range 200-599");
        }
        if (contentType == null || body == null) {
            throw new IllegalArgumentException("origin response needs a content type and a body");
        }
    }

    /** {@code 200 OK} as text/plain, the answer the catalog's probe URLs expect. */
    public static OriginResponse ok() {
        return text(200, "OK");
    }

    public static OriginResponse text(int status, String body) {
        return new OriginResponse(status, "text/plain; charset=utf-8", body);
    }

    byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
