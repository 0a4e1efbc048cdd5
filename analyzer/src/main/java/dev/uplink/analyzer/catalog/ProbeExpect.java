package dev.uplink.analyzer.catalog;

import dev.uplink.core.InvalidInputException;
import java.util.Locale;

/**
 * What answer to a probe proves the path works: one HTTP status (e.g. 200 from a {@code /ping}
 * endpoint) or {@code any} HTTP answer from the service itself. "Any" still excludes answers made
 * by a proxy (403/407/502 from the proxy) — that distinction is the probe engine's job.
 *
 * @param status the expected status, or {@code null} for any answer
 */
public record ProbeExpect(Integer status) {

    /** Compiled once: parsed for every catalog row. */
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[1-5]\\d\\d");

    public static final ProbeExpect ANY = new ProbeExpect(null);
    public static final ProbeExpect OK = new ProbeExpect(200);

    public ProbeExpect {
        if (status != null && (status < 100 || status > 599)) {
            throw new InvalidInputException("ProbeExpect status " + status + " is not an HTTP status (100-599)");
        }
    }

    /** Parses {@code 200} (any 3-digit status) or {@code any}. */
    public static ProbeExpect parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("any")) {
            return ANY;
        }
        if (STATUS.matcher(s).matches()) {
            int status = Integer.parseInt(s);
            return status == 200 ? OK : new ProbeExpect(status);
        }
        throw new InvalidInputException(
                "ProbeExpect '" + text + "' is not valid: expected an HTTP status such as 200, or any");
    }

    public boolean isAny() {
        return status == null;
    }

    /** True when a status answered by the service (not a proxy) proves the path. */
    public boolean accepts(int httpStatus) {
        return status == null || status == httpStatus;
    }

    @Override
    public String toString() {
        return status == null ? "any" : status.toString();
    }
}
