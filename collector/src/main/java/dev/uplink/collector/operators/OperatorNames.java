package dev.uplink.collector.operators;

import java.util.regex.Pattern;

/** What an operator may be called: short, printable, and safe in a log line. */
public final class OperatorNames {

    public static final String EXPECTED = "1 to 64 characters of letters, digits, '.', '_', '@' and '-'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private OperatorNames() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
