package dev.uplink.analyzer.catalog;

import dev.uplink.core.protocol.Geography;

/**
 * Which rows a device needs.
 *
 * @param geography    {@code null} for every geography; otherwise WW rows plus this one ({@code WW} alone = WW rows)
 * @param platform     {@code null} for every platform
 * @param workspaceId  {@code null}, or the workspace whose hosts replace the MMA wildcards
 * @param requiredOnly drop optional rows
 */
public record CatalogSelection(String geography, Platform platform, String workspaceId, boolean requiredOnly) {

    public static final CatalogSelection ALL = new CatalogSelection(null, null, null, false);

    public CatalogSelection {
        geography = geography == null || geography.isBlank() ? null : Geography.normalise(geography);
        workspaceId = workspaceId == null ? null : WorkspaceId.validate(workspaceId);
    }

    /** A one-line description for generated file headers. */
    public String describe() {
        return "geo=" + (geography == null ? "all" : geography)
                + " os=" + (platform == null ? "all" : platform.cliName())
                + (workspaceId == null ? "" : " workspace=" + workspaceId)
                + (requiredOnly ? " required-only" : "");
    }
}
