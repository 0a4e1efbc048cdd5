package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The columns of the catalog CSV, in the order a catalog CSV lists them. A catalog file is matched by header name (case-insensitive,
 * any order); the vendor's spreadsheet uses longer names ("Endpoint/URL", "Windows 10, 11; Server
 * 2022 ... (Unified Agent)", "Comments"), which {@link #resolveVendor} maps by keyword.
 */
public enum CatalogColumn {
    SERVICE("Service", false, h -> h.startsWith("service")),
    GEOGRAPHY("Geography", true, h -> h.startsWith("geography") || h.equals("geo")),
    CATEGORY("Category", false, h -> h.startsWith("category")),
    PORT("Port", true, h -> h.startsWith("port")),
    ENDPOINT(
            "Endpoint",
            true,
            h -> h.equals("endpoint")
                    || h.equals("endpointurl")
                    || h.equals("url")
                    || h.equals("endpoints")
                    || h.equals("host")),
    DESCRIPTION("Description", false, h -> h.contains("description")),
    REQUIRED("Required", true, h -> h.startsWith("required")),
    WINDOWS(
            "Windows",
            true,
            h -> h.startsWith("windows10") || h.startsWith("win11") || h.startsWith("win10") || h.contains("unified")),
    WINDOWS_LEGACY("Windows7_81", true, h -> h.startsWith("windows7") || h.startsWith("win7")),
    MMA("MMA", true, h -> h.contains("mma")),
    MACOS("macOS", true, h -> h.equals("mac") || h.startsWith("macos")),
    LINUX("Linux", true, h -> h.startsWith("linux")),
    PROBE("Probe", false, h -> h.equals("probe") || h.equals("probeurl")),
    PROBE_EXPECT("ProbeExpect", false, h -> h.equals("probeexpect")),
    PINS("Pins", false, h -> h.equals("pins")),
    WORKSPACE_ENDPOINT("WorkspaceEndpoint", false, h -> h.equals("workspaceendpoint")),
    NOTES("Notes", false, h -> h.equals("notes") || h.startsWith("comment")),
    CONNECTIVITY("Connectivity", false, h -> h.equals("connectivity"));

    private final String header;
    private final boolean required;
    private final Predicate<String> vendorMatch;

    CatalogColumn(String header, boolean required, Predicate<String> vendorMatch) {
        this.header = header;
        this.required = required;
        this.vendorMatch = vendorMatch;
    }

    public String header() {
        return header;
    }

    public boolean required() {
        return required;
    }

    public static Platform platformOf(CatalogColumn c) {
        return switch (c) {
            case WINDOWS -> Platform.WINDOWS;
            case WINDOWS_LEGACY -> Platform.WINDOWS_LEGACY;
            case MMA -> Platform.MMA;
            case MACOS -> Platform.MACOS;
            case LINUX -> Platform.LINUX;
            default -> null;
        };
    }

    /** The canonical header line of a catalog CSV. */
    public static String headerLine() {
        StringBuilder sb = new StringBuilder();
        for (CatalogColumn c : values()) {
            sb.append(sb.length() == 0 ? "" : ",").append(c.header);
        }
        return sb.toString();
    }

    // The MMA and Windows 7 vendor headers also start with "Windows": test them first.
    private static final List<CatalogColumn> VENDOR_MATCH_ORDER = List.of(
            MMA,
            WINDOWS_LEGACY,
            WINDOWS,
            SERVICE,
            GEOGRAPHY,
            CATEGORY,
            PORT,
            ENDPOINT,
            DESCRIPTION,
            REQUIRED,
            MACOS,
            LINUX,
            PROBE,
            PROBE_EXPECT,
            PINS,
            WORKSPACE_ENDPOINT,
            NOTES);

    /** Exact names, case-insensitively. Unknown headers are ignored. */
    public static Map<CatalogColumn, Integer> resolve(List<String> headerCells) {
        Map<CatalogColumn, Integer> map = new EnumMap<>(CatalogColumn.class);
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i) == null ? "" : headerCells.get(i).strip();
            for (CatalogColumn c : values()) {
                if (c.header.equalsIgnoreCase(cell)) {
                    map.putIfAbsent(c, i);
                }
            }
        }
        return map;
    }

    /** Exact names first, then the vendor spreadsheet's names by keyword. */
    public static Map<CatalogColumn, Integer> resolveVendor(List<String> headerCells) {
        Map<CatalogColumn, Integer> map = resolve(headerCells);
        for (int i = 0; i < headerCells.size(); i++) {
            if (map.containsValue(i)) {
                continue;
            }
            String h = headerCells.get(i) == null
                    ? ""
                    : CaseMapping.lower(headerCells.get(i)).replaceAll("[^a-z0-9]", "");
            for (CatalogColumn c : VENDOR_MATCH_ORDER) {
                if (!h.isEmpty() && !map.containsKey(c) && c.vendorMatch.test(h)) {
                    map.put(c, i);
                    break;
                }
            }
        }
        return map;
    }

    /** Required columns absent from a resolved header. */
    public static List<CatalogColumn> missing(Map<CatalogColumn, Integer> resolved) {
        return java.util.Arrays.stream(values())
                .filter(c -> c.required && !resolved.containsKey(c))
                .toList();
    }
}
