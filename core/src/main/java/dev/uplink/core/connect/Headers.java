package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ordered, case-insensitive HTTP header fields. Immutable; names and values are validated. */
public final class Headers {

    public static final Headers EMPTY = new Headers(List.of());

    private final List<Map.Entry<String, String>> fields;

    private Headers(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    /** {@code Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers need name/value pairs");
        }
        Headers h = EMPTY;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h = h.with(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    /** A copy with one more field (repeated names are kept, in order). */
    public Headers with(String name, String value) {
        checkName(name);
        checkValue(name, value);
        List<Map.Entry<String, String>> copy = new ArrayList<>(fields);
        copy.add(Map.entry(name, value));
        return new Headers(copy);
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    public List<Map.Entry<String, String>> entries() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("header name '" + name + "' contains an invalid character");
            }
        }
    }

    static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // CR/LF would let a value inject headers or a second request.
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                throw new IllegalArgumentException("header " + name + " value contains a forbidden character");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** Lists names only: values can be secrets (Authorization, cookies). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (Map.Entry<String, String> e : fields) {
            sb.append(sb.length() > 8 ? ", " : "").append(CaseMapping.lower(e.getKey()));
        }
        return sb.append(']').toString();
    }
}
