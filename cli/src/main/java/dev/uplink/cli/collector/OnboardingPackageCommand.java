package dev.uplink.cli.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.onboarding.OnboardingIssuer;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector onboarding-package}: one file, one device, one use. */
@Command(
        name = "onboarding-package",
        mixinStandardHelpOptions = true,
        description = {
            "Write an onboarding file for one device (mode 0600).",
            "It holds the tenant id, the collector URL(s) with their geography, the CA",
            "to trust and a one-time enrollment token (stored hashed, expiring, revocable",
            "with 'collector devices --revoke-token'). Keep it secret until the device",
            "has used it ('uplink sensor onboard FILE')."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector onboarding-package --data /var/lib/uplink-collector \\",
            "      --url https://collector.corp.example:8443 --out laptop42.json",
            "  uplink collector onboarding-package --data DIR --expires 7d --out dev.json \\",
            "      --url https://eu.example:8443 --geo EU --url https://us.example:8443 --geo US"
        })
public class OnboardingPackageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "Collector base URL https://HOST[:PORT] (repeatable; the device tries them in order).")
    List<String> urls = new ArrayList<>();

    @Option(
            names = "--geo",
            paramLabel = "GEO",
            description =
                    "Geography of each --url: WW, US, EU, UK, AU, AEC, AEN. One value for all URLs or one per URL. Default: WW.")
    List<String> geos = new ArrayList<>();

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description =
                    "CA certificate(s) the device must trust. Default: DIR/ca.pem (from --self-signed) if present,"
                            + " otherwise none (the device uses the system trust store).")
    Path caFile;

    @Option(
            names = "--expires",
            paramLabel = "DURATION",
            defaultValue = "24h",
            description =
                    "How long the enrollment token is valid: e.g. 30m, 24h, 7d; at most 30d. Default: ${DEFAULT-VALUE}.")
    String expires;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Onboarding file to write (mode 0600).")
    Path out;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON (never the token secret).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<CollectorEndpoint> endpoints = endpoints();
        Duration validity = validity();
        checkOut();
        Store store = storeOptions.openExisting();
        try (store) {
            String ca = caPem();
            OnboardingPackage pkg = new OnboardingIssuer(store, Clock.systemUTC()).issue(endpoints, ca, validity, out);
            print(pkg);
        }
        return 0;
    }

    /** The token's validity, capped: see EnrollmentService.MAX_TOKEN_VALIDITY for why. */
    private Duration validity() {
        Duration d = DurationText.parse(expires, "--expires");
        Duration max = EnrollmentService.MAX_TOKEN_VALIDITY;
        if (d.compareTo(max) > 0) {
            throw new InvalidInputException("--expires '" + expires + "' is longer than the maximum "
                    + DurationText.format(max) + "; accepted range: more than zero and at most "
                    + DurationText.format(max) + " (e.g. 30m, 24h, 7d)");
        }
        return d;
    }

    private List<CollectorEndpoint> endpoints() {
        if (geos.size() > 1 && geos.size() != urls.size()) {
            throw new InvalidInputException("--geo was given " + geos.size() + " times for " + urls.size()
                    + " --url: expected one --geo for all URLs or one per URL");
        }
        List<CollectorEndpoint> list = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String geo = geos.isEmpty() ? "WW" : geos.get(geos.size() == 1 ? 0 : i);
            list.add(CollectorEndpoint.parse(urls.get(i), geo, "--url"));
        }
        return list;
    }

    private void checkOut() {
        if (Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a directory; expected a file name");
        }
        if (Files.exists(out) && !force) {
            throw new InvalidInputException("--out " + out + " already exists; pass --force to overwrite it");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInputException("--out " + out + ": directory " + parent + " does not exist");
        }
    }

    private String caPem() throws IOException {
        Path data = storeOptions.dataDir();
        if (caFile == null && data == null) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "uplink: note: no --ca-file: devices will verify the collector against their system trust store");
            return null;
        }
        Path file = caFile != null ? caFile : data.resolve(SelfSignedCa.CA_FILE);
        if (caFile == null && !Files.exists(file)) {
            spec.commandLine()
                    .getErr()
                    .println("uplink: note: no --ca-file and no " + file
                            + ": devices will verify the collector against their system trust store");
            return null;
        }
        String what = "--ca-file " + file;
        if (!Files.isRegularFile(file) || Files.size(file) > Pem.MAX_FILE_BYTES) {
            throw new InvalidInputException(what + " does not exist or is not a PEM file under 1 MiB");
        }
        String pem = Files.readString(file);
        Pem.parseCertificatesOnly(pem, what);
        return pem;
    }

    private void print(OnboardingPackage pkg) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("tenantId", pkg.tenantId());
            m.put("tokenId", pkg.enrollmentToken().id());
            m.put("tokenExpiresAt", pkg.tokenExpiresAt().toString());
            m.put(
                    "collectors",
                    pkg.collectors().stream()
                            .map(c -> Map.of("url", c.url().toString(), "geography", c.geography()))
                            .toList());
            m.put("caIncluded", pkg.caPem() != null);
            w.println(new ObjectMapper().writeValueAsString(m));
        } else {
            w.println("wrote onboarding file " + out + " (mode 0600)");
            w.println("  tenant     : " + pkg.tenantId());
            w.println("  token      : " + pkg.enrollmentToken().id() + " (one-time, expires " + pkg.tokenExpiresAt()
                    + ")");
            for (CollectorEndpoint c : pkg.collectors()) {
                w.println("  collector  : " + c.url() + " [" + c.geography() + "]");
            }
            w.println("  trusted CA : " + (pkg.caPem() == null ? "(system trust store)" : "included"));
        }
        w.flush();
    }
}
