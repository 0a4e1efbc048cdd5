package dev.uplink.collector;

import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Command-line times: instants, or durations ({@link DurationText}) meaning "that long ago". */
public final class TimeSpec {

    private TimeSpec() {}

    /** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}, offsets allowed) or a duration meaning "that long ago". */
    public static Instant parseSince(String text, Instant now, String what) {
        String s = text == null ? "" : text.trim();
        if (DurationText.looksLikeDuration(s)) {
            return now.minus(DurationText.parse(s, what));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what + " '" + text + "' is not a time: expected an ISO-8601 instant like"
                    + " 2026-01-01T00:00:00Z or a duration ago like 10m, 2h, 1d");
        }
    }
}
