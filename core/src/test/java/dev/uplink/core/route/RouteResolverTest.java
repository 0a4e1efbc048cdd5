package dev.uplink.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteResolverTest {

    /**
     * policy (TelemetryProxyServer) | netsh proxy-server | bypass list | auto-config | command line | URL
     * | expected routes in PAC form | expected reason sources in order.
     * Auto-config column: {@code pac=<result>} AutoconfigUrl + PAC answer, {@code wpad=<result>} AutoDetect
     * + WPAD answer, {@code fail=<why>} PAC failure, {@code throw} PAC engine throws,
     * {@code nodecider} AutoconfigUrl set but nothing wired. "-" = not set.
     */
    @ParameterizedTest(name = "[{index}] {5} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -              | -                           | -            | -                  | -            | https://a.example/            | DIRECT                                 | DIRECT_DEFAULT
            10.0.0.6:8080  | -                           | -            | -                  | -            | https://a.example/            | PROXY 10.0.0.6:8080; DIRECT            | MACHINE_POLICY
            10.0.0.6:8080  | 10.0.0.7:3128               | -            | -                  | -            | https://a.example/            | PROXY 10.0.0.6:8080; DIRECT            | MACHINE_POLICY MACHINE_POLICY
            10.0.0.6:8080  | -                           | -            | pac=PROXY p.test:1 | -            | https://a.example/            | PROXY 10.0.0.6:8080; DIRECT            | MACHINE_POLICY MACHINE_POLICY
            10.0.0.6:8080  | 10.0.0.7:3128               | *.example    | -                  | -            | https://a.example/            | PROXY 10.0.0.6:8080; DIRECT            | MACHINE_POLICY MACHINE_POLICY
            127.0.0.1:3128 | -                           | -            | -                  | -            | http://127.0.0.1:8080/        | PROXY 127.0.0.1:3128; DIRECT           | MACHINE_POLICY
            [fd00::6]:8080 | -                           | -            | -                  | -            | https://a.example/            | PROXY [fd00::6]:8080; DIRECT           | MACHINE_POLICY
            10.0.0.6:8080  | 10.0.0.7:3128               | -            | pac=DIRECT         | 10.9.9.9:80  | https://a.example/            | PROXY 10.9.9.9:80                      | COMMAND_LINE
            -              | -                           | -            | -                  | 127.0.0.1:9  | http://localhost/             | PROXY 127.0.0.1:9                      | COMMAND_LINE
            -              | 10.0.0.7:3128               | -            | -                  | -            | https://a.example/            | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | *.corp.com   | -                  | -            | https://x.corp.com/           | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | *.corp.com   | -                  | -            | https://corp.com.evil/        | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | <local>      | -                  | -            | http://intranet/              | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | https://*.corp.com | -            | -            | http://x.corp.com/            | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | -            | -                  | -            | http://localhost:8080/        | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | -            | -                  | -            | http://127.0.0.1:8080/        | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | -            | -                  | -            | http://[::1]:8080/            | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | <-loopback>  | -                  | -            | http://127.0.0.1:8080/        | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | <-loopback>  | -                  | -            | http://[::1]:8080/            | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | <-loopback>  | -                  | -            | http://localhost/             | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;https=s.test:2 | -           | -                  | -            | http://a.example/             | PROXY h.test:1                         | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;https=s.test:2 | -           | -                  | -            | https://a.example/            | PROXY s.test:2                         | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;https=s.test:2 | -           | -                  | -            | ws://a.example/               | PROXY h.test:1                         | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;https=s.test:2 | -           | -                  | -            | wss://a.example/              | PROXY s.test:2                         | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1               | -            | -                  | -            | https://a.example/            | DIRECT                                 | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;socks=k.test:1080 | -        | -                  | -            | https://a.example/            | SOCKS4 k.test:1080                     | SYSTEM_PROXY SYSTEM_PROXY
            -              | http=h.test:1;socks=k.test:1080 | -        | -                  | -            | http://a.example/             | PROXY h.test:1                         | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | *.bücher.de  | -                  | -            | https://shop.bücher.de/       | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | *.bücher.de  | -                  | -            | https://shop.xn--bcher-kva.de/ | DIRECT                                | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | *.bücher.de  | -                  | -            | https://bücher.de/            | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | fd00::/8     | -                  | -            | https://[fd00::5]:8443/       | DIRECT                                 | SYSTEM_PROXY BYPASS
            -              | 10.0.0.7:3128               | fd00::/8     | -                  | -            | https://[2001:db8::5]/        | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | [fd00::7]:3128              | -            | -                  | -            | https://a.example/            | PROXY [fd00::7]:3128                   | SYSTEM_PROXY SYSTEM_PROXY
            -              | 10.0.0.7:3128               | -            | pac=PROXY p.test:1 | -            | https://a.example/            | PROXY 10.0.0.7:3128                    | SYSTEM_PROXY SYSTEM_PROXY
            -              | -                           | -            | pac=PROXY p.test:1; PROXY q.test:2; DIRECT | - | https://a.example/ | PROXY p.test:1; PROXY q.test:2; DIRECT | PAC
            -              | -                           | *.example    | pac=PROXY p.test:1 | -            | https://a.example/            | PROXY p.test:1                         | PAC
            -              | -                           | -            | pac=SOCKS5 k.test:1080; HTTPS h.test:443 | - | wss://a.example/ | SOCKS5 k.test:1080; HTTPS h.test:443 | PAC
            -              | -                           | -            | pac=               | -            | https://a.example/            | DIRECT                                 | PAC
            -              | -                           | -            | wpad=PROXY w.test:8080 | -        | http://a.example/             | PROXY w.test:8080                      | WPAD WPAD
            -              | -                           | -            | fail=HTTP 404 fetching the PAC file | - | https://a.example/ | DIRECT                             | PAC
            -              | -                           | -            | throw              | -            | https://a.example/            | DIRECT                                 | PAC
            -              | -                           | -            | nodecider          | -            | https://a.example/            | DIRECT                                 | PAC
            """)
    void precedenceAndFallbacks(
            String policy,
            String proxy,
            String bypass,
            String autoConfig,
            String commandLine,
            String url,
            String expectedPac,
            String expectedSources) {
        FakeAutoConfig fake = fake(autoConfig);
        boolean pacEnabled = autoConfig != null && !autoConfig.startsWith("wpad=");
        ProxyConfig config = new ProxyConfig(
                new MachinePolicy(policy == null ? null : HostPort.parse(policy, "policy"), null),
                new WinHttpSettings(
                        proxy == null ? null : ProxyServerSpec.parse(proxy),
                        bypass,
                        pacEnabled ? "http://127.0.0.1:9/proxy.pac" : null,
                        autoConfig != null && !pacEnabled),
                commandLine == null ? null : HostPort.parse(commandLine, "--proxy"),
                fake);

        Resolution r = new RouteResolver(config).resolve(url);

        assertEquals(expectedPac, r.toPacString());
        assertEquals(
                expectedSources,
                r.reasons().stream().map(x -> x.source().name()).collect(Collectors.joining(" ")),
                () -> String.join("\n", r.explain()));
        boolean autoConfigDecides = expectedSources.startsWith("PAC") || expectedSources.startsWith("WPAD");
        if (fake != null) {
            assertEquals(autoConfigDecides ? 1 : 0, fake.calls.get(), "PAC is consulted only when it decides");
        }
    }

    private static FakeAutoConfig fake(String spec) {
        if (spec == null || spec.equals("nodecider")) {
            return null;
        }
        if (spec.equals("throw")) {
            return FakeAutoConfig.throwing();
        }
        String value = spec.substring(spec.indexOf('=') + 1);
        return switch (spec.substring(0, spec.indexOf('='))) {
            case "pac" -> FakeAutoConfig.returning(Reason.Source.PAC, value, null);
            case "wpad" -> FakeAutoConfig.returning(Reason.Source.WPAD, value, "found via DHCP option 252");
            case "fail" -> FakeAutoConfig.failing(value);
            default -> throw new IllegalArgumentException(spec);
        };
    }

    private static ProxyConfig systemProxy(String proxy, String bypass) {
        return ProxyConfig.of(
                MachinePolicy.EMPTY, new WinHttpSettings(ProxyServerSpec.parse(proxy), bypass, null, false));
    }

    @Test
    void bypassReasonNamesTheMatchingRule() {
        Resolution r = new RouteResolver(systemProxy("10.0.0.7:3128", "<local>; *.corp.com"))
                .resolve("https://wiki.corp.com/x");
        assertEquals(
                "host wiki.corp.com matches bypass rule '*.corp.com': DIRECT",
                r.reasons().get(1).message());
    }

    @Test
    void implicitLoopbackReasonSaysHowToRemoveIt() {
        Resolution r = new RouteResolver(systemProxy("10.0.0.7:3128", null)).resolve("http://127.0.0.1:9/");
        assertTrue(
                r.reasons().get(1).message().contains("implicit loopback bypass"),
                r.reasons().toString());
        assertTrue(
                r.reasons().get(1).message().contains("<-loopback>"),
                r.reasons().toString());
    }

    @Test
    void pacReasonCarriesSourceRawResultAndNote() {
        ProxyConfig config = ProxyConfig.of(
                        MachinePolicy.EMPTY, new WinHttpSettings(null, null, "http://127.0.0.1:9/proxy.pac", false))
                .withAutoConfig(FakeAutoConfig.returning(Reason.Source.PAC, "PROXY p.test:1; DIRECT", "script cached"));
        Resolution r = new RouteResolver(config).resolve("https://a.example/");
        assertEquals(
                "PAC script from http://127.0.0.1:9/proxy.pac returned \"PROXY p.test:1; DIRECT\": tried in order",
                r.reasons().get(0).message());
        assertEquals("script cached", r.reasons().get(1).message());
    }

    @Test
    void pacFailureReasonSaysWhyAndFallsBackToDirect() {
        ProxyConfig config = ProxyConfig.of(
                        MachinePolicy.EMPTY, new WinHttpSettings(null, null, "http://127.0.0.1:9/proxy.pac", false))
                .withAutoConfig(FakeAutoConfig.failing("connection refused"));
        Resolution r = new RouteResolver(config).resolve("https://a.example/");
        assertEquals(
                "auto-configuration from http://127.0.0.1:9/proxy.pac failed: connection refused; falling back to DIRECT",
                r.reasons().get(0).message());
    }

    @Test
    void invalidBypassListIsRefusedWhenTheResolverIsBuilt() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> new RouteResolver(systemProxy("10.0.0.7:3128", "ok.com;10.0.0.0/99")));
        assertTrue(e.getMessage().contains("'10.0.0.0/99'"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                    | is empty
            not a url             | not valid
            /relative/path        | no scheme or host
            mailto:a@b.example    | no scheme or host
            gopher://h.example/   | no default port
            http://h.example:0/   | out of range
            http://[fd00::1/      | not valid
            """)
    void refusesBadUrls(String url, String phrase) {
        RouteResolver resolver = new RouteResolver(ProxyConfig.DIRECT);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> resolver.resolve(url));
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }

    @Test
    void urlWithAnExplicitPortAndUnknownSchemeResolves() {
        assertEquals(
                "DIRECT",
                new RouteResolver(ProxyConfig.DIRECT)
                        .resolve("gopher://h.example:70/")
                        .toPacString());
    }
}
