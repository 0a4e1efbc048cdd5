package dev.uplink.core.connect;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * What proves a probe succeeded (catalog column {@code ProbeExpect}): an exact status, any
 * answer from the service itself (never a proxy's answer), any 2xx (the default for uploads), or
 * {@code crl}: 200 with a body that parses as an X.509 CRL, the one answer a proxy cannot fake
 * by accident (docs/behaviour.md#answers-and-evidence).
 */
public record Expect(Kind kind, int status) {

    public enum Kind {
        STATUS,
        ANY,
        SUCCESSFUL,
        CRL
    }

    public static final Expect ANY = new Expect(Kind.ANY, 0);
    public static final Expect SUCCESSFUL = new Expect(Kind.SUCCESSFUL, 0);
    public static final Expect CRL = new Expect(Kind.CRL, 200);

    public Expect {
        if (kind == Kind.STATUS && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("expected status " + status + " is not 100-599");
        }
    }

    public static Expect status(int status) {
        return new Expect(Kind.STATUS, status);
    }

    /** Parses {@code 200}-style statuses, {@code any}, {@code 2xx} and {@code crl}; {@code what} names the input. */
    public static Expect parse(String text, String what) {
        String s = text == null ? "" : text.trim();
        if (s.equalsIgnoreCase("any")) {
            return ANY;
        }
        if (s.equalsIgnoreCase("2xx")) {
            return SUCCESSFUL;
        }
        if (s.equalsIgnoreCase("crl")) {
            return CRL;
        }
        if (s.length() == 3 && s.chars().allMatch(Character::isDigit)) {
            int v = Integer.parseInt(s);
            if (v >= 100 && v <= 599) {
                return status(v);
            }
        }
        throw new InvalidInputException(what + " '" + text
                + "' is not valid: expected an HTTP status 100-599 (e.g. 200), 'any', '2xx' or 'crl'");
    }

    public boolean matches(int httpStatus) {
        return switch (kind) {
            case ANY -> true;
            case SUCCESSFUL -> httpStatus >= 200 && httpStatus < 300;
            case STATUS, CRL -> httpStatus == status;
        };
    }

    /** True when the body is part of the evidence (then {@link #bodyProblem} must be null too). */
    public boolean checksBody() {
        return kind == Kind.CRL;
    }

    /**
     * Null when the body is the expected content, else why not (one line). A truncated body cannot
     * be checked: the request's body limit bounds what is parsed.
     */
    public String bodyProblem(byte[] body, boolean truncated) {
        if (kind != Kind.CRL) {
            return null;
        }
        if (truncated) {
            return "the body exceeds the " + body.length + "-byte limit, so it could not be checked as a CRL";
        }
        try {
            // An empty or foreign body may come back as null rather than as an exception.
            return CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body)) == null
                    ? "the body (" + body.length + " bytes) is not an X.509 CRL"
                    : null;
        } catch (CRLException | RuntimeException e) {
            return "the body (" + body.length + " bytes) is not an X.509 CRL";
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case SUCCESSFUL -> "2xx";
            case CRL -> "crl";
            case STATUS -> Integer.toString(status);
        };
    }
}
