package dev.uplink.sensor.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses a {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date
 * (IMF-fixdate, e.g. {@code Wed, 21 Oct 2015 07:28:00 GMT}). Unparseable values are ignored
 * (normal backoff applies); dates in the past mean "now"; absurd delays are capped.
 */
public final class RetryAfter {
    /** A collector asking for more than this is treated as asking for this (a day-long stall helps no one). */
    public static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {}

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 9) {
                return Optional.of(MAX);
            }
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(v))));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : cap(d));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
