package dev.uplink.core.connect;

import dev.uplink.core.InvalidInputException;

/**
 * What proves a probe succeeded (catalog column {@code ProbeExpect}): an exact status, any
 * answer from the service itself (never a proxy's answer), or any 2xx (the default for uploads).
 */
public record Expect(Kind kind, int status) {

    public enum Kind {
        STATUS,
        ANY,
        SUCCESSFUL
    }

    public static final Expect ANY = new Expect(Kind.ANY, 0);
    public static final Expect SUCCESSFUL = new Expect(Kind.SUCCESSFUL, 0);

    public Expect {
        if (kind == Kind.STATUS && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("expected status " + status + " is not 100-599");
        }
    }

    public static Expect status(int status) {
        return new Expect(Kind.STATUS, status);
    }

    /** Parses {@code 200}-style statuses, {@code any} and {@code 2xx}; {@code what} names the input. */
    public static Expect parse(String text, String what) {
        String s = text == null ? "" : text.trim();
        if (s.equalsIgnoreCase("any")) {
            return ANY;
        }
        if (s.equalsIgnoreCase("2xx")) {
            return SUCCESSFUL;
        }
        if (s.length() == 3 && s.chars().allMatch(Character::isDigit)) {
            int v = Integer.parseInt(s);
            if (v >= 100 && v <= 599) {
                return status(v);
            }
        }
        throw new InvalidInputException(
                what + " '" + text + "' is not valid: expected an HTTP status 100-599 (e.g. 200), 'any' or '2xx'");
    }

    public boolean matches(int httpStatus) {
        return switch (kind) {
            case ANY -> true;
            case SUCCESSFUL -> httpStatus >= 200 && httpStatus < 300;
            case STATUS -> httpStatus == status;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case SUCCESSFUL -> "2xx";
            case STATUS -> Integer.toString(status);
        };
    }
}
