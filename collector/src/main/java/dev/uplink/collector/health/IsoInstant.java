package dev.uplink.collector.health;

import java.time.Instant;

/**
 * {@link Instant#toString()} for the health document's times, written without java.time's
 * formatter: a fleet's document holds two times per listed device (4,630 for 2,315 devices), and in
 * the command line's cold JVM the formatter's set-up and those calls took ~20-25 ms
 * (docs/scaling.md#fleet-health). The same text, character for character, for every instant from
 * 1970 to the end of 9999 (the times a store holds); any other instant is {@code toString()}'s.
 */
final class IsoInstant {
    /** 9999-12-31T23:59:59Z: beyond it {@code toString()} writes a '+' and a longer year. */
    static final long LAST_SECOND = 253_402_300_799L;

    private static final int SECONDS_PER_DAY = 86_400;

    private IsoInstant() {}

    static String format(Instant t) {
        long second = t.getEpochSecond();
        if (second < 0 || second > LAST_SECOND) {
            return t.toString();
        }
        // The civil date of a day count (H. Hinnant's days-to-civil), with March as the first month
        // of a 400-year era; every quantity here is non-negative.
        long z = second / SECONDS_PER_DAY + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long m = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * m + 2) / 5 + 1);
        int month = (int) (m < 10 ? m + 3 : m - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int secondOfDay = (int) (second % SECONDS_PER_DAY);
        int nano = t.getNano();

        char[] out = new char[30];
        int i = digits(out, 0, year, 4);
        out[i++] = '-';
        i = digits(out, i, month, 2);
        out[i++] = '-';
        i = digits(out, i, day, 2);
        out[i++] = 'T';
        i = digits(out, i, secondOfDay / 3_600, 2);
        out[i++] = ':';
        i = digits(out, i, secondOfDay / 60 % 60, 2);
        out[i++] = ':';
        i = digits(out, i, secondOfDay % 60, 2);
        if (nano != 0) {
            // As ISO_INSTANT: the fraction in groups of three digits, as many as it needs.
            out[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(out, i, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                i = digits(out, i, nano / 1_000, 6);
            } else {
                i = digits(out, i, nano, 9);
            }
        }
        out[i++] = 'Z';
        return new String(out, 0, i);
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded, at {@code out[at]}; returns the end. */
    private static int digits(char[] out, int at, int value, int width) {
        for (int j = at + width - 1; j >= at; j--) {
            out[j] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
