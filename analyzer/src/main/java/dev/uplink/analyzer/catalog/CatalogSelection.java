package dev.uplink.analyzer.catalog;

import dev.uplink.core.protocol.Geography;

/**
 * Which rows a device needs.
 *
 * @param geography    {@code null} for every geography; otherwise WW rows plus this one ({@code WW} alone = WW rows)
 * @param platform     {@code null} for every platform
 * @param workspaceId  {@code null}, or the workspace whose hosts replace the MMA wildcards
 * @param requiredOnly drop optional rows
 * @param connectivity {@code null} for the rows of both connectivity models; otherwise this model's
 *                     rows and the rows both need (docs/behaviour.md#connectivity-models)
 */
public record CatalogSelection(
        String geography, Platform platform, String workspaceId, boolean requiredOnly, Connectivity connectivity) {

    public static final CatalogSelection ALL = new CatalogSelection(null, null, null, false);

    /** Rows of both connectivity models. */
    public CatalogSelection(String geography, Platform platform, String workspaceId, boolean requiredOnly) {
        this(geography, platform, workspaceId, requiredOnly, null);
    }

    public CatalogSelection {
        geography = geography == null || geography.isBlank() ? null : Geography.normalise(geography);
        workspaceId = workspaceId == null ? null : WorkspaceId.validate(workspaceId);
    }

    /** A one-line description for generated file headers. */
    public String describe() {
        return "geo=" + (geography == null ? "all" : geography)
                + " os=" + (platform == null ? "all" : platform.cliName())
                + (workspaceId == null ? "" : " workspace=" + workspaceId)
                + (requiredOnly ? " required-only" : "")
                + (connectivity == null || connectivity == Connectivity.BOTH
                        ? ""
                        : " connectivity=" + connectivity.cliName());
    }
}
