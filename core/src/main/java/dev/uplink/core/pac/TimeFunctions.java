package dev.uplink.core.pac;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.mozilla.javascript.ScriptRuntime;

/**
 * weekdayRange, dateRange and timeRange on the injected clock. Every range is inclusive and wraps
 * around when its start is after its end ({@code weekdayRange("SAT", "WED")} covers the weekend,
 * {@code timeRange(22, 6)} the night); a trailing {@code "GMT"} switches from the clock's zone to UTC.
 * Unknown names or a wrong argument count give false, as in browsers; arguments that are neither
 * numbers nor strings are TypeErrors.
 */
final class TimeFunctions {

    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    private TimeFunctions() {}

    static Object weekdayRange(PacCall call, Object[] args) {
        int argc = checkedCount(args, "weekdayRange");
        boolean gmt = isGmt(args, argc);
        if (gmt) {
            argc--;
        }
        if (argc < 1 || argc > 2) {
            return false;
        }
        int from = DAYS.indexOf(args[0].toString());
        int to = argc == 2 ? DAYS.indexOf(args[1].toString()) : from;
        if (from < 0 || to < 0) {
            return false;
        }
        int today = now(call, gmt).getDayOfWeek().getValue() % 7; // java: MON=1..SUN=7 -> SUN=0
        return within(today, from, to);
    }

    /** Forms: (day|month|year), (x1, x2), (d1, m1, d2, m2), (m1, y1, m2, y2), (d1, m1, y1, d2, m2, y2). */
    static Object dateRange(PacCall call, Object[] args) {
        int argc = checkedCount(args, "dateRange");
        boolean gmt = isGmt(args, argc);
        if (gmt) {
            argc--;
        }
        if (argc < 1 || argc > 6 || (argc != 1 && argc % 2 != 0)) {
            return false;
        }
        ZonedDateTime now = now(call, gmt);
        int half = argc == 1 ? 1 : argc / 2;
        DateKey start = DateKey.of(args, 0, half);
        DateKey end = argc == 1 ? start : DateKey.of(args, half, half);
        if (start == null || end == null || start.fields != end.fields) {
            return false;
        }
        long today = DateKey.nowKey(now, start.fields);
        return within(today, start.key, end.key);
    }

    /** Forms: (h), (h1, h2), (h1, m1, h2, m2), (h1, m1, s1, h2, m2, s2); each end inclusive. */
    static Object timeRange(PacCall call, Object[] args) {
        int argc = checkedCount(args, "timeRange");
        boolean gmt = isGmt(args, argc);
        if (gmt) {
            argc--;
        }
        int[] v = new int[argc];
        for (int i = 0; i < argc; i++) {
            v[i] = integer(args[i]);
            if (v[i] < 0) {
                return false;
            }
        }
        int start;
        int end;
        switch (argc) {
            case 1 -> {
                start = v[0] * 3600;
                end = start + 3599;
            }
            case 2 -> {
                start = v[0] * 3600;
                end = v[1] * 3600 + 3599;
            }
            case 4 -> {
                start = v[0] * 3600 + v[1] * 60;
                end = v[2] * 3600 + v[3] * 60 + 59;
            }
            case 6 -> {
                start = v[0] * 3600 + v[1] * 60 + v[2];
                end = v[3] * 3600 + v[4] * 60 + v[5];
            }
            default -> {
                return false;
            }
        }
        ZonedDateTime now = now(call, gmt);
        return within(now.toLocalTime().toSecondOfDay(), start, end);
    }

    private static boolean within(long value, long from, long to) {
        return from <= to ? from <= value && value <= to : value >= from || value <= to;
    }

    private static ZonedDateTime now(PacCall call, boolean gmt) {
        return gmt ? call.now().withZoneSameInstant(ZoneOffset.UTC) : call.now();
    }

    private static boolean isGmt(Object[] args, int argc) {
        return argc > 0 && "GMT".equals(args[argc - 1].toString());
    }

    private static int checkedCount(Object[] args, String fn) {
        for (int i = 0; i < args.length; i++) {
            if (!PacFunction.numberOrString(args[i])) {
                throw ScriptRuntime.typeError(fn + ": argument " + (i + 1) + " must be a number or a string, got "
                        + ScriptRuntime.typeof(args[i]));
            }
        }
        return args.length;
    }

    /** parseInt-like: a number, or a string of digits; -1 when neither. */
    static int integer(Object arg) {
        if (arg instanceof Number n) {
            double d = n.doubleValue();
            return d >= 0 && d < 100_000 ? (int) d : -1;
        }
        String s = arg.toString().strip();
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** A date bound reduced to the fields it names; fields: bit 1 day, 2 month, 4 year. */
    private record DateKey(int fields, long key) {

        static DateKey of(Object[] args, int from, int count) {
            int fields = 0;
            int day = 0;
            int month = 0;
            int year = 0;
            for (int i = from; i < from + count; i++) {
                int m = MONTHS.indexOf(args[i].toString());
                int n = m >= 0 ? -1 : integer(args[i]);
                int field = m >= 0 ? 2 : n < 0 ? 0 : n < 32 ? 1 : 4;
                if (field == 0 || (fields & field) != 0) {
                    return null;
                }
                fields |= field;
                switch (field) {
                    case 1 -> day = n;
                    case 2 -> month = m + 1;
                    default -> year = n;
                }
            }
            return new DateKey(fields, year * 10_000L + month * 100L + day);
        }

        static long nowKey(ZonedDateTime now, int fields) {
            return ((fields & 4) != 0 ? now.getYear() * 10_000L : 0)
                    + ((fields & 2) != 0 ? now.getMonthValue() * 100L : 0)
                    + ((fields & 1) != 0 ? now.getDayOfMonth() : 0);
        }
    }
}
