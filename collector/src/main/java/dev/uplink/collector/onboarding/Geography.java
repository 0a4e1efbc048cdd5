package dev.uplink.collector.onboarding;

import dev.uplink.core.InvalidInputException;

import java.util.List;
import java.util.Locale;

/** The data locations of the service catalog (docs/behaviour.md#service-catalog): WW applies everywhere, the rest are regional. */
public final class Geography {

    public static final List<String> KNOWN = List.of("WW", "US", "EU", "UK", "AU", "AEC", "AEN");

    private Geography() {
    }

    public static String parse(String text, String what) {
        String g = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (!KNOWN.contains(g)) {
            throw new InvalidInputException(what + " '" + text + "' is not a geography: expected one of " + String.join(", ", KNOWN));
        }
        return g;
    }
}
