package dev.uplink.core.protocol;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Data-location codes: {@code WW} applies everywhere, the others (US, EU, AEC …) are one location
 * each. The catalog, the onboarding file and the collector endpoints all speak them
 * (docs/behaviour.md#service-catalog).
 */
public final class Geography {

    public static final String WORLDWIDE = "WW";
    /** The locations a device can be onboarded to. */
    public static final List<String> KNOWN = List.of("WW", "US", "EU", "UK", "AU", "AEC", "AEN");

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,12}");

    private Geography() {}

    /**
     * A catalog code, upper-cased without spaces ("US Gov" in the vendor sheet becomes "USGOV"):
     * vendor sheets carry more locations than a device can be onboarded to.
     */
    public static String normalise(String text) {
        String s = text == null ? "" : CaseMapping.upper(text.replaceAll("\\s+", ""));
        if (!CODE.matcher(s).matches()) {
            throw new InvalidInputException("Geography '" + (text == null ? "" : text)
                    + "' is not valid: expected a code such as " + String.join(", ", KNOWN));
        }
        return s;
    }

    /** One of {@link #KNOWN}, for onboarding files and collector endpoints. */
    public static String parse(String text, String what) {
        String g = text == null ? "" : CaseMapping.upper(text.trim());
        if (!KNOWN.contains(g)) {
            throw new InvalidInputException(
                    what + " '" + text + "' is not a geography: expected one of " + String.join(", ", KNOWN));
        }
        return g;
    }
}
