package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.testing.CannedProxy;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 through the analyzer: the built-in CRL row through non-Squid proxies, and a pinned
 * HTTPS target whose chain a trusted but unpinned CA signed (docs/behaviour.md#answers-and-evidence).
 */
class AnalyzerEvidenceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void theCrlRowThroughABlueCoatRefusalIsProxyDeniedAndWithoutSignsUnverified() throws Exception {
        ServiceEndpoint crlRow = ServiceCatalog.builtIn().endpoints().stream()
                .filter(e -> e.endpoint().equals("crl.microsoft.com"))
                .findFirst()
                .orElseThrow();
        ProbeTarget target =
                new ProbeTarget(crlRow.probeUrl(), crlRow.probeExpect().toExpect(), crlRow.pins());
        try (CannedProxy bluecoat = CannedProxy.start(403, Map.of("Via", "1.1 bluecoat-sg"), "Access Denied");
                CannedProxy anonymous = CannedProxy.start(403, Map.of(), "<h1>Forbidden</h1>")) {
            MachinePolicy policy = new MachinePolicy(bluecoat.address(), 1);
            AnalyzerOptions options =
                    new AnalyzerOptions(TIMEOUT, 8, TrustMaterial.jdkDefaults(), Map.of(), anonymous.address());
            AnalysisReport report = analyzer(new ProxySettingsSnapshot(policy, WinHttpSettings.DIRECT), options)
                    .run(List.of(target), Analyzer.ProgressListener.NONE);

            UrlResult r = report.results().get(0);
            assertFalse(r.reachable(), "before issue 9 the 403s read Succeeded: " + r);
            MethodResult named = r.methods().get(3);
            assertEquals("proxy-denied", named.diagnosis(), named.toString());
            assertEquals(403, named.httpStatus());
            assertTrue(named.detail().contains("bluecoat-sg"), named.detail());
            MethodResult commandLine = r.methods().get(4);
            assertEquals("unverified-answer", commandLine.diagnosis(), commandLine.toString());
            assertFalse(commandLine.remediation().isEmpty());
            assertTrue(
                    r.sensorRoute().outcome().startsWith("failed via PROXY " + bluecoat.address() + ": proxy-denied"),
                    r.sensorRoute().outcome());
            assertTrue(
                    bluecoat.requestLines().contains("GET " + crlRow.probeUrl() + " HTTP/1.1"),
                    bluecoat.requestLines().toString());
        }
    }

    @Test
    void aTrustedButUnpinnedChainIsInterceptedForEveryMethodAndTheSensorRoute() throws Exception {
        try (TlsOrigin origin = TlsOrigin.start("*.microsoft.com")) {
            String url = "https://winatp-gw-cus.microsoft.com:" + origin.httpsPort() + "/test";
            ProbeTarget pinned = new ProbeTarget(
                    url,
                    Expect.status(200),
                    CaPins.of(List.of(Pki.createCa("the real root").certificate())));
            AnalyzerOptions options = new AnalyzerOptions(
                    TIMEOUT,
                    4,
                    origin.trust(),
                    Map.of("winatp-gw-cus.microsoft.com:" + origin.httpsPort(), InetAddress.getLoopbackAddress()),
                    null);
            AnalysisReport report = analyzer(
                            new ProxySettingsSnapshot(MachinePolicy.EMPTY, WinHttpSettings.DIRECT), options)
                    .run(
                            List.of(
                                    pinned,
                                    new ProbeTarget(
                                            url + "?again",
                                            Expect.status(200),
                                            CaPins.of(List.of(origin.caCertificate())))),
                            Analyzer.ProgressListener.NONE);
            MethodResult direct = report.results().get(0).methods().get(2);
            assertEquals("tls-intercepted", direct.diagnosis(), direct.toString());
            assertTrue(
                    direct.detail()
                            .contains(origin.caCertificate()
                                    .getSubjectX500Principal()
                                    .getName()),
                    direct.detail());
            assertTrue(
                    report.results().get(0).sensorRoute().outcome().startsWith("failed via DIRECT: tls-intercepted"),
                    report.results().get(0).sensorRoute().outcome());
            assertTrue(
                    report.results().get(1).reachable(),
                    "pinned to the CA that signed it: " + report.results().get(1));
        }
    }

    private static Analyzer analyzer(ProxySettingsSnapshot settings, AnalyzerOptions options) {
        HostResolver none = host -> {
            throw new UnknownHostException(host + ": no DNS in this test");
        };
        return new Analyzer(new Connector(none), settings, null, options, Map.of(), Clock.systemUTC());
    }
}
