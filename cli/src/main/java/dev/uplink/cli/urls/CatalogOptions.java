package dev.uplink.cli.urls;

import dev.uplink.analyzer.catalog.CatalogProblem;
import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.Connectivity;
import dev.uplink.analyzer.catalog.Platform;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which catalog and which of its rows: shared by {@code urls} and {@code analyze}. */
public class CatalogOptions {
    @Option(
            names = "--geo",
            paramLabel = "GEO",
            description = "Data location: WW rows plus this one (WW, US, EU, UK, AU, AEC, AEN ...). Default: all.")
    String geo;

    @Option(
            names = "--os",
            paramLabel = "OS",
            description =
                    "Only rows for this platform: windows, windows-legacy (7/8.1), mma, macos, linux. Default: all.")
    String os;

    @Option(
            names = "--workspace",
            paramLabel = "ID",
            description = "Log Analytics workspace ID: replaces the MMA wildcards with the workspace's hosts.")
    String workspace;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "Use this catalog (CSV or JSON, e.g. from 'urls import') instead of the built-in one.")
    Path catalogFile;

    @Option(names = "--required-only", description = "Leave out optional endpoints.")
    boolean requiredOnly;

    @Option(
            names = "--connectivity",
            paramLabel = "MODEL",
            description = "streamlined (the consolidated *.endpoint.security.microsoft.com domain; default) or "
                    + "standard (the per-service hosts): which of the vendor's connectivity models the device uses.")
    String connectivity;

    public CatalogSelection selection() {
        Platform platform = os == null ? null : Platform.parse(os, "--os");
        return new CatalogSelection(geo, platform, workspace, requiredOnly, model());
    }

    /** The connectivity model: {@code --connectivity}, else streamlined, the vendor's default for new devices. */
    public Connectivity model() {
        return connectivity == null
                ? Connectivity.STREAMLINED
                : Connectivity.parseSelection(connectivity, "--connectivity");
    }

    /** The same options with {@code model} unless --connectivity was given (an onboarding package names its model). */
    public CatalogOptions withModelUnlessGiven(Connectivity model) {
        CatalogOptions c = withGeo(geo);
        if (c.connectivity == null && model != null) {
            c.connectivity = model.cliName();
        }
        return c;
    }

    /** Whether any option that picks catalog rows was given (they mean nothing for address ranges). */
    boolean changesSelection() {
        return geo != null
                || os != null
                || workspace != null
                || catalogFile != null
                || requiredOnly
                || connectivity != null;
    }

    /** The geography chosen, for callers that take it from elsewhere (an onboarding file) when absent. */
    public String geo() {
        return geo;
    }

    public CatalogOptions withGeo(String g) {
        CatalogOptions c = new CatalogOptions();
        c.geo = g;
        c.os = os;
        c.workspace = workspace;
        c.catalogFile = catalogFile;
        c.requiredOnly = requiredOnly;
        c.connectivity = connectivity;
        return c;
    }

    /** The same options with only the required rows: what a device cannot work without. */
    public CatalogOptions requiredOnly() {
        CatalogOptions c = withGeo(geo);
        c.requiredOnly = true;
        return c;
    }

    /** Loads the catalog and warns on stderr about the rows it had to skip. */
    public ServiceCatalog load(PrintWriter err) {
        ServiceCatalog catalog = catalogFile == null ? ServiceCatalog.builtIn() : ServiceCatalog.load(catalogFile);
        printProblems(catalog, err);
        return catalog;
    }

    /** Warnings printed one per row; a catalog with thousands of bad rows gets a count for the rest. */
    static final int MAX_PRINTED_PROBLEMS = 20;

    static void printProblems(ServiceCatalog catalog, PrintWriter err) {
        List<CatalogProblem> problems = catalog.problems();
        for (CatalogProblem p : problems.subList(0, Math.min(problems.size(), MAX_PRINTED_PROBLEMS))) {
            err.println("uplink: warning: " + catalog.source() + ": " + p + " (row skipped)");
        }
        if (problems.size() > MAX_PRINTED_PROBLEMS) {
            err.println("uplink: warning: " + catalog.source() + ": " + (problems.size() - MAX_PRINTED_PROBLEMS)
                    + " more rows skipped");
        }
        err.flush();
    }
}
