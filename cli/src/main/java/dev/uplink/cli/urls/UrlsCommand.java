package dev.uplink.cli.urls;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.export.ExportFormat;
import dev.uplink.analyzer.servicetags.RangeFormat;
import dev.uplink.analyzer.servicetags.ServiceRanges;
import dev.uplink.analyzer.servicetags.ServiceTagsFiles;
import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink urls}: the service endpoints a device needs, as a list or a ready-to-use allowlist. */
@Command(
        name = "urls",
        mixinStandardHelpOptions = true,
        subcommands = {UrlsImportCommand.class, UrlsImportServiceTagsCommand.class},
        description = {
            "Service endpoints as a list, catalog, Squid ACL, PAC or HTTPS-inspection bypass list.",
            "",
            "Rows for all geographies are printed unless --geo narrows them to WW plus one location. "
                    + "Problems in a --catalog file are warned about on stderr and those rows are skipped.",
            "",
            "For firewalls that cannot match host names, --format cidr, nftables, iptables or ip6tables prints "
                    + "the services' published address ranges instead, from --ranges FILE (the Azure service tags "
                    + "file, or what 'urls import-service-tags' wrote)."
        },
        footer = {
            "",
            "Examples:",
            "  uplink urls --geo EU --os windows",
            "  uplink urls --geo US --format squid > /etc/squid/uplink-allowlist.conf",
            "  uplink urls --geo UK --format pac --proxy 10.0.0.6:8080 > uplink.pac",
            "  uplink urls --geo AU --format inspection-bypass",
            "  uplink urls --os mma --workspace 0f6c2a4e-9a4b-4c1d-8e2f-123456789abc --geo EU",
            "  uplink urls --catalog my-urls.csv --json",
            "  uplink urls import mde-urls.xlsx --out my-urls.csv",
            "  uplink urls import-service-tags ServiceTags_Public_20261123.json --out uplink-ranges.json",
            "  uplink urls --format nftables --ranges uplink-ranges.json > /etc/nftables.d/uplink.nft",
            "",
            "Exit codes: 0 ok, 2 bad option or catalog file."
        })
public class UrlsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "list",
            description = "list, csv, json, squid, pac, inspection-bypass; with --ranges: cidr, nftables, "
                    + "iptables, ip6tables (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--ranges",
            paramLabel = "FILE",
            description = "Address ranges for --format cidr|nftables|iptables|ip6tables: the Azure service tags "
                    + "JSON file or the output of 'urls import-service-tags'.")
    Path ranges;

    @Option(
            names = "--service-tag",
            paramLabel = "NAME",
            description = "With --ranges: only this tag (repeatable; default: "
                    + "MicrosoftDefenderForEndpoint and OneDsCollector).")
    List<String> serviceTags;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(
            names = "--proxy",
            paramLabel = "HOST:PORT",
            description = "The proxy a PAC (--format pac) sends the service hosts to.")
    String proxy;

    @Mixin
    CatalogOptions catalogOptions;

    @Override
    public Integer call() {
        RangeFormat rangeFormat = json ? null : RangeFormat.find(format);
        if (rangeFormat != null || ranges != null || serviceTags != null) {
            return printRanges(rangeFormat);
        }
        ExportFormat exportFormat = json ? ExportFormat.JSON : ExportFormat.parse(format);
        if (json
                && spec.commandLine().getParseResult().hasMatchedOption("--format")
                && exportFormat != ExportFormat.parse(format)) {
            throw new InvalidInputException("--json conflicts with --format " + format);
        }
        HostPort proxyAddress = proxy == null ? null : HostPort.parse(proxy, "--proxy");
        CatalogSelection selection = catalogOptions.selection();
        ServiceCatalog catalog = catalogOptions.load(spec.commandLine().getErr());
        List<ServiceEndpoint> endpoints = catalog.select(selection);
        if (endpoints.isEmpty()) {
            throw new InvalidInputException(
                    "no endpoint in the " + catalog.source() + " matches " + selection.describe());
        }
        String output = exportFormat.render(endpoints, proxyAddress, selection.describe());
        PrintWriter out = spec.commandLine().getOut();
        out.print(output);
        out.flush();
        return ExitCodes.OK;
    }

    /** The address-range forms: they come from a service tags file, not from the catalog's host names. */
    private int printRanges(RangeFormat rangeFormat) {
        if (rangeFormat == null) {
            throw new InvalidInputException("--ranges and --service-tag go with --format cidr, nftables, iptables "
                    + "or ip6tables, not --format " + (json ? "json" : format));
        }
        if (ranges == null) {
            throw new InvalidInputException("--format " + rangeFormat + " needs --ranges FILE: the Azure service "
                    + "tags file (ServiceTags_Public_YYYYMMDD.json) or the output of 'urls import-service-tags'");
        }
        if (proxy != null || catalogOptions.changesSelection()) {
            throw new InvalidInputException("--format " + rangeFormat + " prints the service tags' ranges: "
                    + "--proxy, --geo, --os, --workspace, --catalog, --required-only and --connectivity do not apply");
        }
        ServiceRanges loaded = ServiceTagsFiles.read(ranges);
        List<String> tags = serviceTags == null ? ServiceRanges.SENSOR_TAGS : serviceTags;
        PrintWriter out = spec.commandLine().getOut();
        out.print(rangeFormat.render(loaded, tags));
        out.flush();
        return ExitCodes.OK;
    }
}
