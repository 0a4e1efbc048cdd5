package dev.uplink.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.core.net.HostPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;

class PacExporterTest {

    /** The two Netscape builtins the PAC uses, as browsers define them. */
    static final String BUILTINS = """
            function dnsDomainIs(host, domain) {
              return host.length >= domain.length && host.substring(host.length - domain.length) == domain;
            }
            function shExpMatch(str, pattern) {
              var re = pattern.replace(/[.+^${}()|[\\]\\\\]/g, "\\\\$&").replace(/\\*/g, ".*").replace(/\\?/g, ".");
              return new RegExp("^" + re + "$").test(str);
            }
            """;

    static final HostPort PROXY = HostPort.parse("10.0.0.6:8080", "proxy");
    static final String PAC = PacExporter.render(
            ServiceCatalog.builtIn().select(new CatalogSelection("EU", null, null, false)), PROXY, "geo=EU");

    static String evaluate(String pac, String url, String host) {
        Context cx = Context.enter();
        try {
            cx.setOptimizationLevel(-1);
            Scriptable scope = cx.initSafeStandardObjects();
            cx.evaluateString(scope, BUILTINS, "builtins", 1, null);
            cx.evaluateString(scope, pac, "uplink.pac", 1, null);
            Function f = (Function) scope.get("FindProxyForURL", scope);
            return Context.toString(f.call(cx, scope, scope, new Object[] {url, host}));
        } finally {
            Context.exit();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "crl.microsoft.com, PROXY 10.0.0.6:8080",
        "CRL.Microsoft.com, PROXY 10.0.0.6:8080",
        "crl.microsoft.com., PROXY 10.0.0.6:8080",
        "winatp-gw-neu.microsoft.com, PROXY 10.0.0.6:8080",
        "www.microsoft.com, PROXY 10.0.0.6:8080",
        "eu-v20.events.data.microsoft.com, PROXY 10.0.0.6:8080",
        "anything.wns.windows.com, PROXY 10.0.0.6:8080",
        "a.b.blob.core.windows.net, PROXY 10.0.0.6:8080",
        "ecs.office.com, PROXY 10.0.0.6:8080",
        "fooecs.office.com, PROXY 10.0.0.6:8080",
        "wns.windows.com, DIRECT",
        "evilcrl.microsoft.com, DIRECT",
        "crl.microsoft.com.evil.example, DIRECT",
        "example.com, DIRECT",
        "office.com, DIRECT",
        "winatp-gw-cus.microsoft.com, DIRECT",
        "intranet, DIRECT",
    })
    void routesServiceHostsToTheProxyAndTheRestDirect(String host, String expected) {
        assertEquals(expected, evaluate(PAC, "https://" + host + "/", host));
    }

    @Test
    void everySelectedEndpointIsProxied() {
        List<ServiceEndpoint> selected = ServiceCatalog.builtIn().select(new CatalogSelection("US", null, null, false));
        String pac = PacExporter.render(selected, PROXY, "geo=US");
        for (ServiceEndpoint e : selected) {
            String host = e.host().replace("*", "sub");
            assertEquals("PROXY 10.0.0.6:8080", evaluate(pac, "https://" + host + "/", host), e.endpoint());
        }
    }

    @Test
    void ipv6ProxyIsBracketed() {
        String pac = PacExporter.render(
                HostRulesTest.endpoints("a.example.com"), HostPort.parse("[fd00::6]:3128", "p"), "t");
        assertEquals("PROXY [fd00::6]:3128", evaluate(pac, "https://a.example.com/", "a.example.com"));
    }

    /** Cross-check with pacparser (the SpiderMonkey-based PAC library), when Debian's python3-pacparser is there. */
    @Test
    void pacparserAgreesWithRhino(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path pacFile = Files.writeString(dir.resolve("uplink.pac"), PAC);
        List<String> hosts = List.of(
                "crl.microsoft.com",
                "x.wns.windows.com",
                "wns.windows.com",
                "fooecs.office.com",
                "example.com",
                "winatp-gw-weu.microsoft.com",
                "evilcrl.microsoft.com");
        Path script = Files.writeString(dir.resolve("check.py"), """
                import sys
                try:
                    import pacparser
                except ImportError:
                    sys.exit(3)
                pacparser.init()
                pacparser.parse_pac_file(sys.argv[1])
                for host in sys.argv[2:]:
                    print(pacparser.find_proxy("https://" + host + "/", host))
                pacparser.cleanup()
                """);
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), pacFile.toString()));
        cmd.addAll(hosts);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Assumptions.assumeFalse(p.exitValue() == 3, "python3-pacparser is not installed");
        assertEquals(0, p.exitValue(), out);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i < hosts.size(); i++) {
            expected.put(hosts.get(i), evaluate(PAC, "https://" + hosts.get(i) + "/", hosts.get(i)));
            actual.put(hosts.get(i), i < lines.size() ? lines.get(i) : "<missing>");
        }
        assertEquals(expected, actual);
    }

    @Test
    void jsStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\u000a\"", PacExporter.js("a\"b\\c\n"));
    }
}
