package dev.uplink.cli.urls;

import dev.uplink.analyzer.catalog.CatalogFormat;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.VendorSheetImporter;
import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplink urls import}: turns the vendor's URL spreadsheet into a catalog file for {@code --catalog}. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Convert the vendor's URL spreadsheet (.xlsx or CSV) into an uplink catalog.",
            "Reads every sheet that has the vendor's header row. Rows that cannot be used are listed on stderr "
                    + "with their row number. Hosts without wildcards get a probe URL (any answer proves the path); "
                    + "MMA wildcards get their {workspace} template."
        },
        footer = {
            "",
            "Examples:",
            "  uplink urls import mde-urls-commercial.xlsx --out my-urls.csv",
            "  uplink urls import mde-urls-commercial.xlsx --out my-urls.json",
            "  uplink urls --catalog my-urls.csv --geo EU --format squid",
            "",
            "Exit codes: 0 ok, 2 unreadable file or no usable row (nothing written)."
        })
public class UrlsImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The spreadsheet: .xlsx or .csv.")
    Path input;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the catalog here: JSON for .json, CSV for .csv. Default: CSV on standard output.")
    Path out;

    @Override
    public Integer call() {
        CatalogFormat format = CatalogFormat.CSV;
        if (out != null) {
            format = CatalogFormat.forOutput(out);
            if (format == null) {
                throw new InvalidInputException("--out " + out + ": expected a file name ending in .csv or .json");
            }
        }
        ServiceCatalog catalog = VendorSheetImporter.importFile(input);
        PrintWriter err = spec.commandLine().getErr();
        CatalogOptions.printProblems(catalog, err);
        String text = format.write(catalog.endpoints());
        emit(spec, out, text);
        err.println("uplink: imported " + catalog.endpoints().size() + " endpoints from " + input
                + (catalog.problems().isEmpty() ? "" : " (" + catalog.problems().size() + " rows skipped)")
                + (out == null ? "" : " into " + out));
        err.flush();
        return ExitCodes.OK;
    }

    /** The imported file to {@code out} (atomically, nothing left behind on failure), or to stdout when null. */
    static void emit(CommandSpec spec, Path out, String text) {
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            writeAtomically(out, text);
        }
    }

    private static void writeAtomically(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("--out " + target + ": the directory " + dir + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write failed; a stray temp file is harmless
                }
            }
        }
    }
}
