package dev.uplink.analyzer.export;

import dev.uplink.analyzer.catalog.CatalogCsv;
import dev.uplink.analyzer.catalog.CatalogJson;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The forms {@code uplink urls} prints the selected endpoints in. */
public enum ExportFormat {
    LIST("list"),
    CSV("csv"),
    JSON("json"),
    SQUID("squid"),
    PAC("pac"),
    INSPECTION_BYPASS("inspection-bypass");

    private final String cliName;

    ExportFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ExportFormat parse(String text) {
        String s = text == null ? "" : CaseMapping.lower(text.trim());
        for (ExportFormat f : values()) {
            if (f.cliName.equals(s) || f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new InvalidInputException(
                "format '" + text + "' is not known: expected list, csv, json, squid, pac or inspection-bypass");
    }

    /**
     * @param proxy     required for {@link #PAC}, refused otherwise
     * @param selection a one-line description written into generated file headers
     */
    public String render(List<ServiceEndpoint> endpoints, HostPort proxy, String selection) {
        if (this == PAC && proxy == null) {
            throw new InvalidInputException(
                    "--format pac needs --proxy HOST:PORT: the proxy the service hosts are sent to");
        }
        if (this != PAC && proxy != null) {
            throw new InvalidInputException("--proxy is only used with --format pac");
        }
        return switch (this) {
            case LIST -> list(endpoints);
            case CSV -> CatalogCsv.write(endpoints);
            case JSON -> CatalogJson.write(endpoints);
            case SQUID -> SquidAclExporter.render(endpoints, selection);
            case PAC -> PacExporter.render(endpoints, proxy, selection);
            case INSPECTION_BYPASS -> InspectionBypassExporter.render(endpoints, selection);
        };
    }

    private static String list(List<ServiceEndpoint> endpoints) {
        Set<String> seen = new LinkedHashSet<>();
        endpoints.forEach(e -> seen.add(e.endpoint()));
        StringBuilder sb = new StringBuilder();
        seen.forEach(s -> sb.append(s).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
