package dev.uplink.collector.http.ui;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One answer of the dashboard or the API: status, type, body, extra headers and cookies to set. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers, List<String> cookies) {

    Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, List.of());
    }

    static Answer html(int status, String page) {
        return new Answer(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer text(int status, String text) {
        return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer redirect(int status, String location) {
        return text(status, "see " + location).with("Location", location);
    }

    Answer with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new Answer(status, contentType, body, Map.copyOf(h), cookies);
    }

    Answer cookie(String setCookie) {
        List<String> c = new ArrayList<>(cookies);
        c.add(setCookie);
        return new Answer(status, contentType, body, headers, List.copyOf(c));
    }
}
