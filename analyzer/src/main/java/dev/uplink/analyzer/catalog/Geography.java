package dev.uplink.analyzer.catalog;

import dev.uplink.core.InvalidInputException;

import java.util.Locale;
import java.util.regex.Pattern;

/** Data-location codes of the catalog: {@code WW} applies everywhere; others (US, EU, AEC ...) are one location. */
public final class Geography {

    public static final String WORLDWIDE = "WW";
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,12}");

    private Geography() {
    }

    /** Upper-cases and removes spaces ("US Gov" in the vendor sheet becomes "USGOV"). */
    public static String normalise(String text) {
        String s = text == null ? "" : text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        if (!CODE.matcher(s).matches()) {
            throw new InvalidInputException("Geography '" + (text == null ? "" : text)
                    + "' is not valid: expected a code such as WW, US, EU, UK, AU, AEC, AEN");
        }
        return s;
    }
}
