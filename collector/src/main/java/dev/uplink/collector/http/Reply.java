package dev.uplink.collector.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON answer: status, extra headers and the body object. Every error body is
 * {@code {"error": reason}} so clients can park with the reason.
 */
record Reply(int status, Object body, Map<String, String> headers) {

    static Reply json(int status, Object body) {
        return new Reply(status, body, Map.of());
    }

    static Reply error(int status, String reason) {
        return new Reply(status, Map.of("error", reason), Map.of());
    }

    /** As {@link #error(int, String)}, with a machine-readable {@code "code"} when not null. */
    static Reply error(int status, String code, String reason) {
        return code == null
                ? error(status, reason)
                : new Reply(status, Map.of("error", reason, "code", code), Map.of());
    }

    boolean isError() {
        return status >= 400;
    }

    Reply with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new Reply(status, body, Map.copyOf(h));
    }

    /** A refusal decided before the body is read; the body is then discarded, not parsed. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        Refused(Reply reply) {
            super(String.valueOf(reply.body()), null, false, false);
            this.reply = reply;
        }

        Reply reply() {
            return reply;
        }
    }
}
