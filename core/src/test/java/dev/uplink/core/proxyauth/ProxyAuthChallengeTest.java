package dev.uplink.core.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.FixedRoutes;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.ChallengingProxy;
import dev.uplink.core.tls.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a 407 becomes for each offer and configuration, and what reaches the proxy (a recording proxy). */
class ProxyAuthChallengeTest {

    @TempDir
    Path config;

    private ProxyAuthenticator configured(String kind, Integer disable) {
        ProxyAuthStore store = new ProxyAuthStore(config);
        if (kind.startsWith("basic")) {
            store.save(
                    ProxyAuthSettings.basic("bob", kind.equals("basic+cleartext")),
                    "hunter2-secret".getBytes(StandardCharsets.UTF_8));
        }
        return ProxyAuthPolicy.of(new MachinePolicy(null, disable), store);
    }

    static Stream<Arguments> cases() {
        String offer = "the proxy offers Negotiate, NTLM, Basic realm=\"CORP\"";
        return Stream.of(
                // the example: nothing configured, the policy says 1
                Arguments.of(
                        List.of("Negotiate", "NTLM", "Basic realm=\"CORP\""),
                        "none",
                        1,
                        "proxy-auth-required",
                        offer + "; uplink has no proxy credentials (DisableEnterpriseAuthProxy=1)"),
                Arguments.of(
                        List.of("Negotiate", "NTLM", "Basic realm=\"CORP\""),
                        "none",
                        null,
                        "proxy-auth-required",
                        offer + "; uplink has no proxy credentials (none configured: see 'uplink proxyauth set')"),
                Arguments.of(
                        List.of("Negotiate", "NTLM", "Basic realm=\"CORP\""),
                        "basic+cleartext",
                        1,
                        "proxy-auth-required",
                        offer + "; uplink sends no proxy credentials: DisableEnterpriseAuthProxy=1 forbids it"),
                Arguments.of(
                        List.of("NTLM"),
                        "none",
                        null,
                        "proxy-auth-required",
                        "the proxy offers NTLM; uplink has no proxy credentials (none configured: see 'uplink proxyauth set'); "
                                + "the proxy offers only NTLM: NTLM is not supported by uplink"),
                Arguments.of(
                        List.of("NTLM"),
                        "basic+cleartext",
                        null,
                        "proxy-auth-failed",
                        "scheme not offered: Basic credentials are configured, the proxy offers NTLM; NTLM is not supported"),
                Arguments.of(
                        List.of("Negotiate"),
                        "basic+cleartext",
                        null,
                        "proxy-auth-failed",
                        "scheme not offered: Basic credentials are configured, the proxy offers Negotiate"),
                Arguments.of(
                        List.of("Basic realm=\"CORP\""),
                        "basic",
                        null,
                        "proxy-auth-required",
                        "Basic credentials are configured but not sent to the plain-HTTP proxy"),
                Arguments.of(
                        List.of("Basic realm=\"CORP\""),
                        "basic+cleartext",
                        null,
                        "proxy-auth-failed",
                        "credentials rejected: the proxy answered 407 again to Basic for user 'bob'"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void the407SaysWhatWasOfferedAndWhyUplinkDidNotGetThrough(
            List<String> offered, String configured, Integer disable, String code, String expected) throws Exception {
        try (ChallengingProxy proxy = new ChallengingProxy(offered.toArray(String[]::new))) {
            for (String url : List.of("https://svc.example.com/ping", "http://svc.example.com/ping")) {
                RoutedCall call = new RoutedCall(
                        new FixedRoutes(List.of(Route.proxy(proxy.hostPort()))),
                        new Connector(),
                        CallProfile.of(TrustMaterial.jdkDefaults(), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096),
                        configured(configured, disable));
                Outcome o = call.execute(Request.get(url)).outcome();
                assertEquals(Diagnosis.fromCode(code), o.diagnosis(), o::toString);
                assertTrue(o.detail().contains(expected), o.detail());
                assertFalse(o.detail().contains("hunter2"), o.detail());
            }
            boolean sent = proxy.sawProxyAuthorization();
            assertEquals(expected.startsWith("credentials rejected"), sent, () -> String.join("\n", proxy.heads()));
        }
    }

    @Test
    void theRetryGoesOnlyToTheProxyThatAsked() throws Exception {
        try (ChallengingProxy proxy = new ChallengingProxy("Basic realm=\"x\"")) {
            RoutedCall call = new RoutedCall(
                    new FixedRoutes(List.of(Route.proxy(proxy.hostPort()))),
                    new Connector(),
                    CallProfile.of(TrustMaterial.jdkDefaults(), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096),
                    configured("basic+cleartext", null));
            call.execute(Request.get("https://svc.example.com/ping"));
            // one challenge, one answer: never a third request
            assertEquals(2, proxy.heads().size(), () -> String.join("\n", proxy.heads()));
            assertFalse(proxy.heads().get(0).toLowerCase().contains("proxy-authorization"));
            assertTrue(proxy.heads().get(1).toLowerCase().contains("proxy-authorization: basic "));
        }
    }
}
