package dev.uplink.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the generated ACLs with the real Squid parser ({@code squid -k parse}). */
class SquidAclExporterTest {

    static final Path SQUID = Path.of("/usr/sbin/squid");

    record ParseResult(int exit, String output) {
        /** Squid reports overlapping dstdomain entries and bad ACLs as WARNING/ERROR/FATAL lines but still exits 0. */
        boolean clean() {
            return exit == 0
                    && output.lines()
                            .noneMatch(l -> l.contains("WARNING") || l.contains("ERROR") || l.contains("FATAL"));
        }
    }

    static ParseResult squidParse(Path dir, String acls, boolean withRegexAcl)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(SQUID), "squid is not installed at " + SQUID);
        Path include = Files.writeString(dir.resolve("uplink-allowlist.conf"), acls);
        Path conf = Files.writeString(
                dir.resolve("squid.conf"),
                String.join(
                        "\n",
                        "http_port 127.0.0.1:3128",
                        "include " + include,
                        "http_access allow " + SquidAclExporter.ACL,
                        withRegexAcl ? "http_access allow " + SquidAclExporter.REGEX_ACL : "",
                        "http_access deny all",
                        ""));
        Process p = new ProcessBuilder(SQUID.toString(), "-k", "parse", "-f", conf.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "squid -k parse did not finish");
        return new ParseResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "US", "EU", "UK", "AU", "AEC", "AEN", "WW"})
    void squidParsesTheAllowlistWithoutWarnings(String geo, @TempDir Path dir) throws Exception {
        List<ServiceEndpoint> selected = ServiceCatalog.builtIn().select(new CatalogSelection(geo, null, null, false));
        String acls = SquidAclExporter.render(selected, "test");
        ParseResult r = squidParse(dir, acls, acls.contains(SquidAclExporter.REGEX_ACL));
        assertTrue(r.clean(), r.output());
        assertTrue(
                r.output().contains("acl " + SquidAclExporter.ACL + " dstdomain .wd.microsoft.com"),
                "squid read the include");
    }

    @Test
    void theWarningCheckCatchesOverlaps(@TempDir Path dir) throws Exception {
        ParseResult r =
                squidParse(dir, "acl uplink_allowed dstdomain .x.com\nacl uplink_allowed dstdomain www.x.com\n", false);
        assertFalse(r.clean(), "an overlapping list must be flagged, otherwise the test above proves nothing");
        assertTrue(r.output().contains("is a subdomain of"), r.output());
    }

    @Test
    void rendersDomainsHostsAndRegexes() {
        String acls = SquidAclExporter.render(
                HostRulesTest.endpoints(
                        "*.wd.microsoft.com x.cp.wd.microsoft.com crl.microsoft.com www.microsoft.com/pkiops/* "
                                + "*ecs.office.com/config/v1/x crl.microsoft.com"),
                "geo=WW");
        List<String> rules = acls.lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(
                List.of(
                        "acl uplink_allowed dstdomain .wd.microsoft.com",
                        "acl uplink_allowed dstdomain crl.microsoft.com",
                        "acl uplink_allowed dstdomain www.microsoft.com",
                        "acl uplink_allowed_regex dstdom_regex -i ^[^/]*ecs\\.office\\.com$"),
                rules);
        assertTrue(acls.contains("# path-scoped: www.microsoft.com/pkiops/* -> allowed by host"), acls);
        assertTrue(acls.contains("#   url_regex -i ^http://www\\.microsoft\\.com/pkiops/.*"), acls);
    }
}
