package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;

/**
 * The vendor's two connectivity models (docs/behaviour.md#connectivity-models): streamlined, where
 * the consolidated {@code *.endpoint.security.microsoft.com} domain carries cloud protection, sample
 * storage, command and control and cyber data, and standard, the per-service hosts it replaced.
 * A catalog row belongs to one of them or, like the CRL and update rows, to both.
 */
public enum Connectivity {
    BOTH(""),
    STREAMLINED("streamlined"),
    STANDARD("standard");

    private final String cliName;

    Connectivity(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** A catalog cell: blank (both), {@code streamlined} or {@code standard}. */
    public static Connectivity parseCell(String text) {
        String s = text == null ? "" : CaseMapping.lower(text.strip());
        for (Connectivity c : values()) {
            if (c.cliName.equals(s)) {
                return c;
            }
        }
        throw new InvalidInputException(
                "Connectivity '" + text + "' is not known: expected streamlined, standard or blank (both)");
    }

    /** A selection ({@code --connectivity}): {@code streamlined} or {@code standard}. */
    public static Connectivity parseSelection(String text, String option) {
        String s = text == null ? "" : CaseMapping.lower(text.strip());
        if (s.equals(STREAMLINED.cliName)) {
            return STREAMLINED;
        }
        if (s.equals(STANDARD.cliName)) {
            return STANDARD;
        }
        throw new InvalidInputException(option + " '" + text + "' is not known: expected streamlined or standard");
    }

    /** Whether a row of this model is needed by a device using {@code model}. */
    public boolean neededBy(Connectivity model) {
        return this == BOTH || model == null || model == BOTH || this == model;
    }
}
