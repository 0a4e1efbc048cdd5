package dev.uplink.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users type them on command lines and in configuration: {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 2h}, {@code 7d} (units in any case); where an option has always taken it, also
 * the ISO-8601 form {@code PT10S} that {@link Duration#toString()} prints.
 */
public final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_START = Pattern.compile("[+-]?P", Pattern.CASE_INSENSITIVE);

    private DurationText() {}

    public static boolean looksLikeDuration(String text) {
        return text != null && DURATION.matcher(text.trim()).matches();
    }

    /** A positive duration; {@code what} names the input in the error. */
    public static Duration parse(String text, String what) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InvalidInputException(what + " '" + text + "' is not a duration: expected a number and a unit"
                    + " ms, s, m, h or d, e.g. 500ms, 10s, 30m, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (CaseMapping.lower(m.group(2))) {
            case "ms" -> Duration.ofMillis(n);
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

    /** Like {@link #parse} but also bounded above, for timeouts that must not be absurd. */
    public static Duration parse(String text, String what, Duration max) {
        return atMost(parse(text, what), text, what, max);
    }

    /** Like {@link #parse(String, String, Duration)}, and also accepts ISO-8601 {@code PT10S} (any case). */
    public static Duration parseWithIso(String text, String what, Duration max) {
        String s = text == null ? "" : text.trim();
        if (!ISO_START.matcher(s).lookingAt()) {
            return parse(text, what, max);
        }
        Duration d;
        try {
            d = Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what + " '" + text + "' is not a duration: expected a number and a unit"
                    + " ms, s, m, h or d, e.g. 500ms, 10s, 30m, or ISO-8601 like PT10S");
        }
        if (d.isZero() || d.isNegative()) {
            throw new InvalidInputException(what + " '" + text + "' must be longer than zero");
        }
        return atMost(d, text, what, max);
    }

    private static Duration atMost(Duration d, String text, String what, Duration max) {
        if (d.compareTo(max) > 0) {
            throw new InvalidInputException(what + " '" + text + "' is longer than the maximum " + format(max));
        }
        return d;
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
