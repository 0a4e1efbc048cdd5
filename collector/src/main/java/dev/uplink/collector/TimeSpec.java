package dev.uplink.collector;

import dev.uplink.core.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line times: durations like {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d}, and instants. */
public final class TimeSpec {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private TimeSpec() {
    }

    /** A positive duration: a number and a unit s, m, h or d. */
    public static Duration parseDuration(String text, String what) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InvalidInputException(what + " '" + text + "' is not a duration: expected a number and a unit"
                    + " s, m, h or d, e.g. 30m, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new InvalidInputException(what + " '" + text + "' must be longer than zero");
        }
        return d;
    }

    /** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}, offsets allowed) or a duration meaning "that long ago". */
    public static Instant parseSince(String text, Instant now, String what) {
        String s = text == null ? "" : text.trim();
        if (DURATION.matcher(s).matches()) {
            return now.minus(parseDuration(s, what));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what + " '" + text + "' is not a time: expected an ISO-8601 instant like"
                    + " 2026-01-01T00:00:00Z or a duration ago like 10m, 2h, 1d");
        }
    }
}
