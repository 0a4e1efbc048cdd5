package dev.uplink.cli.wpad;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 500ms}, {@code 10s}, {@code 2m} or ISO-8601 {@code PT10S}; 1 ms to 5 minutes. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    static final Duration MAX = Duration.ofMinutes(5);
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Override
    public Duration convert(String value) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SIMPLE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: expected e.g. 500ms, 10s, 2m or PT10S");
            }
        }
        if (d.isZero() || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range: expected a duration from 1ms to 5m");
        }
        return d;
    }
}
