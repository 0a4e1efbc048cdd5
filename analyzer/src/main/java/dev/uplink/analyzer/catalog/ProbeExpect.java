package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.connect.Expect;

/**
 * What answer to a probe proves the path works: one HTTP status (e.g. 200 from a {@code /ping}
 * endpoint), {@code crl} (200 with a body that parses as an X.509 CRL: the certificate-revocation
 * rows) or {@code any} HTTP answer from the service itself. "Any" still excludes answers made by a
 * proxy, and over plain HTTP through a proxy it proves nothing
 * (docs/behaviour.md#answers-and-evidence) — that distinction is the probe engine's job.
 *
 * @param status the expected status, or {@code null} for any answer
 * @param crl    the body must be an X.509 CRL (status 200)
 */
public record ProbeExpect(Integer status, boolean crl) {

    /** Compiled once: parsed for every catalog row. */
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[1-5]\\d\\d");

    public static final ProbeExpect ANY = new ProbeExpect(null);
    public static final ProbeExpect OK = new ProbeExpect(200);
    public static final ProbeExpect CRL = new ProbeExpect(200, true);

    public ProbeExpect {
        if (status != null && (status < 100 || status > 599)) {
            throw new InvalidInputException("ProbeExpect status " + status + " is not an HTTP status (100-599)");
        }
        if (crl && (status == null || status != 200)) {
            throw new IllegalArgumentException("a CRL is expected with status 200");
        }
    }

    public ProbeExpect(Integer status) {
        this(status, false);
    }

    /** Parses {@code 200} (any 3-digit status), {@code crl} or {@code any}. */
    public static ProbeExpect parse(String text) {
        String s = text == null ? "" : CaseMapping.lower(text.trim());
        if (s.equals("any")) {
            return ANY;
        }
        if (s.equals("crl")) {
            return CRL;
        }
        if (STATUS.matcher(s).matches()) {
            int status = Integer.parseInt(s);
            return status == 200 ? OK : new ProbeExpect(status);
        }
        throw new InvalidInputException("ProbeExpect '" + text
                + "' is not valid: expected an HTTP status such as 200, crl (an X.509 CRL with 200) or any");
    }

    public boolean isAny() {
        return status == null;
    }

    /** True when a status answered by the service (not a proxy) proves the path (for crl, the body must too). */
    public boolean accepts(int httpStatus) {
        return status == null || status == httpStatus;
    }

    /** The Connector's form of this expectation. */
    public Expect toExpect() {
        return crl ? Expect.CRL : status == null ? Expect.ANY : Expect.status(status);
    }

    @Override
    public String toString() {
        return crl ? "crl" : status == null ? "any" : status.toString();
    }
}
