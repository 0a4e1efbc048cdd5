package dev.uplink.cli.urls;

import dev.uplink.analyzer.servicetags.ServiceRanges;
import dev.uplink.analyzer.servicetags.ServiceTagsFiles;
import dev.uplink.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code uplink urls import-service-tags}: keeps the sensor's address ranges out of the 4 MB Azure
 * service tags file, checked, so they can be reviewed and exported as firewall rules
 * (docs/behaviour.md#service-tags).
 */
@Command(
        name = "import-service-tags",
        mixinStandardHelpOptions = true,
        description = {
            "Read the Azure service tags JSON file and keep the sensor's address ranges.",
            "Keeps the tags MicrosoftDefenderForEndpoint and OneDsCollector (and their regional variants), "
                    + "every range checked and written canonical and sorted. Then "
                    + "'uplink urls --format cidr|nftables|iptables|ip6tables --ranges FILE' prints them for a firewall."
        },
        footer = {
            "",
            "The file is published weekly by Microsoft as ServiceTags_Public_YYYYMMDD.json (Azure IP Ranges and "
                    + "Service Tags - Public Cloud).",
            "",
            "Examples:",
            "  uplink urls import-service-tags ServiceTags_Public_20261123.json --out uplink-ranges.json",
            "  uplink urls --format cidr --ranges uplink-ranges.json --service-tag OneDsCollector",
            "",
            "Exit codes: 0 ok, 2 unreadable or unexpected file (nothing written)."
        })
public class UrlsImportServiceTagsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The Azure service tags JSON file.")
    Path input;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the ranges here (JSON). Default: standard output.")
    Path out;

    @Override
    public Integer call() {
        ServiceRanges ranges = ServiceTagsFiles.read(input);
        String text = ServiceTagsFiles.write(ranges);
        UrlsImportCommand.emit(spec, out, text);
        PrintWriter err = spec.commandLine().getErr();
        err.println("uplink: imported " + input + " (cloud " + ranges.cloud() + ", change " + ranges.changeNumber()
                + ")" + (out == null ? "" : " into " + out) + ":");
        ServiceTagsFiles.summary(ranges).forEach((tag, what) -> err.println("  " + tag + ": " + what));
        err.flush();
        return ExitCodes.OK;
    }
}
