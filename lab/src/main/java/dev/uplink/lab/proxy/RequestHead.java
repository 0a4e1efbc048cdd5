package dev.uplink.lab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The start line and header fields of an HTTP/1.x message, read byte by byte so that bytes after
 * the head (a TLS ClientHello pipelined after CONNECT, a request body) stay in the stream.
 * Bounded: a head larger than {@code maxBytes} or with more than {@value #MAX_FIELDS} fields is
 * rejected rather than buffered.
 */
record RequestHead(String startLine, List<Field> fields) {

    static final int MAX_FIELDS = 100;

    record Field(String name, String value) {
        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    RequestHead {
        fields = List.copyOf(fields);
    }

    /** Reads one head; empty when the peer closed before sending a byte (an idle keep-alive close). */
    static Optional<RequestHead> read(InputStream in, int maxBytes) throws IOException, MalformedHeadException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (total == 0) {
                    return Optional.empty();
                }
                throw new MalformedHeadException("connection closed inside the message head");
            }
            if (++total > maxBytes) {
                throw new MalformedHeadException("message head is larger than " + maxBytes + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // RFC 9112 2.2: ignore empty lines before the start line
                    }
                    return Optional.of(parse(lines));
                }
                lines.add(text);
                if (lines.size() > MAX_FIELDS + 1) {
                    throw new MalformedHeadException("more than " + MAX_FIELDS + " header fields");
                }
            } else {
                line.write(b);
            }
        }
    }

    static RequestHead parse(List<String> lines) throws MalformedHeadException {
        List<Field> fields = new ArrayList<>();
        for (String text : lines.subList(1, lines.size())) {
            int colon = text.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(colon - 1))) {
                // Obsolete line folding and spaces before the colon are request smuggling vectors: refuse.
                throw new MalformedHeadException("malformed header line '" + text + "'");
            }
            fields.add(new Field(text.substring(0, colon), text.substring(colon + 1).trim()));
        }
        return new RequestHead(lines.get(0), fields);
    }

    Optional<String> first(String name) {
        return fields.stream().filter(f -> f.is(name)).map(Field::value).findFirst();
    }

    long count(String name) {
        return fields.stream().filter(f -> f.is(name)).count();
    }

    boolean hasToken(String name, String token) {
        return fields.stream().filter(f -> f.is(name))
                .flatMap(f -> List.of(f.value().split(",")).stream())
                .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(token));
    }

    static final class MalformedHeadException extends Exception {
        MalformedHeadException(String message) {
            super(message, null, false, false);
        }
    }
}
