package dev.uplink.core.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The envelope's {@code receivedAt} text, written and read once per event on both ends. Exactly
 * {@link Instant#toString()} and {@link Instant#parse}, without their formatter: through
 * {@code DateTimeFormatter} they cost ~1.5 µs per event in the sensor (C1 only) and ~3 µs in the
 * collector, a fifth of the end-to-end CPU budget (bench/sensor/run.sh). The plain form
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} of years 0000-9999 is handled here; anything else goes to
 * the JDK, so the results are the JDK's in every case.
 */
public final class IsoInstant {

    private IsoInstant() {}

    /** A calendar date of the proleptic ISO calendar, by its epoch day. */
    private record Day(long epochDay, int year, int month, int dayOfMonth) {}

    /** The date of the last instant written: events arrive on one day for hours. Immutable, so a plain race is benign. */
    private static volatile Day lastDay = new Day(0, 1970, 1, 1);

    /** {@code at.toString()} as ASCII bytes. */
    public static byte[] ascii(Instant at) {
        long seconds = at.getEpochSecond();
        int nanos = at.getNano();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = Math.floorMod(seconds, 86_400);
        if (days < MIN_DAY || days > MAX_DAY) {
            return at.toString().getBytes(StandardCharsets.US_ASCII);
        }
        Day date = lastDay;
        if (date.epochDay != days) {
            // One date object per day, not per event: C1 does not scalar-replace the LocalDate.
            LocalDate d = LocalDate.ofEpochDay(days);
            date = new Day(days, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            lastDay = date;
        }
        // Instant.toString: no fraction when it is zero, else groups of three digits.
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 4 : nanos % 1000 == 0 ? 7 : 10;
        byte[] b = new byte[20 + fraction];
        digits(b, 0, date.year, 4);
        b[4] = '-';
        digits(b, 5, date.month, 2);
        b[7] = '-';
        digits(b, 8, date.dayOfMonth, 2);
        b[10] = 'T';
        digits(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            b[19] = '.';
            int value = fraction == 4 ? nanos / 1_000_000 : fraction == 7 ? nanos / 1000 : nanos;
            digits(b, 20, value, fraction - 1);
        }
        b[b.length - 1] = 'Z';
        return b;
    }

    /**
     * {@code Instant.parse(text)}.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant parse(CharSequence text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z') {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nanos = 0;
        if (n > 20) {
            if (text.charAt(19) != '.') {
                return Instant.parse(text);
            }
            int digits = n - 21;
            int fraction = number(text, 20, digits);
            nanos = fraction < 0 ? -1 : fraction * POW10[9 - digits];
        }
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59 // a leap second (60) is the JDK's to smooth
                || nanos < 0
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return Instant.parse(text);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static final int[] POW10 = {
        1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int number(CharSequence text, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void digits(byte[] b, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
