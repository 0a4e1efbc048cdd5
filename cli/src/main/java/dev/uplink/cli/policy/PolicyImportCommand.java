package dev.uplink.cli.policy;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.importers.PolicyImport;
import dev.uplink.core.importers.PolicyImportResult;
import dev.uplink.core.importers.RegFileParser;
import dev.uplink.core.importers.RegistryChange;
import dev.uplink.core.importers.RegistryPolParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import the machine policy from a .reg export (REGEDIT4 or version 5.00; UTF-16LE",
            "with BOM, UTF-8 or ANSI) or a Group Policy Registry.pol (PReg) file.",
            "Reads HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection; other keys are",
            "listed as ignored; delete markers (\"Name\"=-, **del.Name) remove values.",
            "Every value is validated before anything is written."
        })
class PolicyImportCommand implements Runnable {
    private static final byte[] PREG = {'P', 'R', 'e', 'g'};

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the resulting policy as JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = ".reg or Registry.pol file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<RegistryChange> changes = isRegistryPol(file) ? RegistryPolParser.parse(file) : RegFileParser.parse(file);
        ConfigStore store = config.store();
        PolicyImportResult result = PolicyImport.apply(store.loadPolicy(), changes);
        store.savePolicy(result.newPolicy());
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            result.applied().forEach(a -> out.println("applied: " + a));
            result.ignored().forEach(i -> out.println("ignored: " + i));
            if (result.applied().isEmpty()) {
                out.println("no DataCollection policy values in " + file);
            }
            out.println();
        }
        PolicyView.print(out, result.newPolicy(), store.policyFile(), json);
    }

    /** Content decides, not the extension: GPO tooling names these files freely. */
    private static boolean isRegistryPol(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(
                    file + " does not exist or is not a file: expected a .reg export or a Registry.pol file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return Arrays.equals(head, PREG)
                    || CaseMapping.lower(file.getFileName().toString()).endsWith(".pol");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
