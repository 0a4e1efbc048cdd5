package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A Log Analytics workspace ID, which becomes the first DNS label of the MMA hosts
 * ({@code {workspace}.ods.opinsights.azure.com}). Real IDs are GUIDs; anything that is a valid
 * DNS label is accepted so test workspaces work, and nothing else, because the value ends up in
 * proxy configuration files.
 */
public final class WorkspaceId {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final String PLACEHOLDER = "{workspace}";

    private WorkspaceId() {}

    /** Returns the normalised (lower-case) ID or throws naming the expected form. */
    public static String validate(String text) {
        String s = text == null ? "" : CaseMapping.lower(text.trim());
        if (!LABEL.matcher(s).matches()) {
            throw new InvalidInputException(
                    "workspace ID '" + text + "' is not valid: expected a GUID such as "
                            + "0f6c2a4e-9a4b-4c1d-8e2f-123456789abc (letters, digits and inner hyphens, at most 63 characters)");
        }
        return s;
    }
}
