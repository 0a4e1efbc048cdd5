package dev.uplink.cli.resolve;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.JsonOutput;
import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.IpLiteral;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacScript;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.ProxyConfig;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.RouteResolver;
import dev.uplink.core.route.SystemFallback;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplink resolve}: the routes the sensor would try for a URL, and why. */
@Command(
        name = "resolve",
        mixinStandardHelpOptions = true,
        description = {
            "Print the ordered routes for URL in PAC form, e.g. 'PROXY 10.0.0.6:8080; DIRECT'.",
            "Precedence: --proxy, machine policy TelemetryProxyServer (with DIRECT fallback),",
            "system-wide proxy and its bypass list, auto-configuration (PAC, WPAD), DIRECT.",
            "With --pac only that script decides. With --urls every URL of a list is evaluated",
            "and printed as URL<TAB>RESULT, in input order, streaming."
        },
        footer = {
            "",
            "Examples:",
            "  uplink resolve https://us-v20.events.data.microsoft.com/ping --explain",
            "  uplink resolve https://winatp-gw-cus.microsoft.com/test --pac corp.pac --json",
            "  uplink resolve --pac http://pac.corp.example/proxy.pac --urls urls.txt > decisions.tsv",
            "",
            "Exit codes: 0 resolved, 1 a PAC could not be fetched, did not compile or failed for some URL",
            "(the route printed is then the DIRECT fallback), 2 usage error."
        })
public class ResolveCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    dev.uplink.cli.SystemRootOptions systemRoot;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "The URL to resolve.")
    String url;

    @Option(
            names = "--pac",
            paramLabel = "FILE|URL",
            description = "Only this PAC script decides (a file, an http(s)/file: URL fetched without a proxy,"
                    + " or - for stdin).")
    String pac;

    @Option(
            names = "--client-ip",
            paramLabel = "ADDR",
            description = "myIpAddress() and myIpAddressEx() answer ADDR instead of this machine's address"
                    + " (like pactester -c).")
    String clientIp;

    @Option(
            names = "--proxy",
            paramLabel = "HOST:PORT",
            description = "A command-line proxy: overrides every other setting.")
    String proxy;

    @Option(
            names = "--urls",
            paramLabel = "LIST",
            description = "Evaluate every URL of LIST (one per line; '-' for stdin).")
    String urls;

    @Option(
            names = "--explain",
            description = "Say which source decided, which bypass rule matched, what the PAC returned.")
    boolean explain;

    @Option(names = "--json", description = "Print the resolution as JSON.")
    boolean json;

    @Option(
            names = "--pac-time-limit",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Time limit for one PAC evaluation (default: ${DEFAULT-VALUE}).")
    String pacTimeLimit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((url == null) == (urls == null)) {
            throw new InvalidInputException(
                    "give either a URL or --urls LIST: usage: uplink resolve URL [--pac FILE|URL] [--proxy HOST:PORT] [--explain] [--json]");
        }
        if (urls != null && (explain || json)) {
            throw new InvalidInputException(
                    "--urls prints URL<TAB>RESULT lines; --explain and --json apply to a single URL");
        }
        if ("-".equals(pac) && "-".equals(urls)) {
            throw new InvalidInputException("--pac - and --urls - cannot both read stdin: give one of them as a file");
        }
        PacOptions pacOptions = PacOptions.defaults()
                .withTimeLimit(DurationText.parse(pacTimeLimit, "--pac-time-limit", Duration.ofSeconds(60)));
        if (clientIp != null) {
            InetAddress address = IpLiteral.parse(clientIp);
            if (address == null) {
                throw new InvalidInputException("--client-ip " + clientIp
                        + ": expected an IP address such as 10.1.2.3 or fd00::5 (without brackets)");
            }
            pacOptions = pacOptions.withLocalAddresses(() -> List.of(address));
        }
        HostPort cliProxy = proxy == null ? null : HostPort.parse(proxy, "--proxy");
        PacScript script = pac == null ? null : PacSource.load(pac, pacOptions, System.in);
        ProxyConfig proxyConfig = proxyConfig(script, cliProxy, pacOptions);
        RouteResolver resolver = new RouteResolver(proxyConfig);
        PrintWriter out = spec.commandLine().getOut();
        if (urls != null) {
            return new UrlListEvaluator(resolver, script, spec.commandLine().getErr()).run(urls, out);
        }
        Resolution resolution = resolver.resolve(url);
        if (json) {
            JsonOutput.print(out, resolution);
        } else if (explain) {
            resolution.explain().forEach(out::println);
            if (resolution.routes().stream().anyMatch(r -> !r.isDirect())) {
                // docs/behaviour.md#proxy-authentication: what a proxy's 407 would get
                out.println("Proxy authentication : " + new ConfiguredProxyAuth(config.store()).describe());
            }
        } else {
            out.println(resolution.toPacString());
        }
        out.flush();
        // The fallback was printed; the exit code says that the PAC failed
        // (docs/behaviour.md#auto-configuration-decisions).
        if (resolution.autoConfigFailure().isPresent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("uplink: " + resolution.autoConfigFailure().get().message());
            err.flush();
            return ExitCodes.RUNTIME;
        }
        return ExitCodes.OK;
    }

    private ProxyConfig proxyConfig(PacScript script, HostPort cliProxy, PacOptions pacOptions) {
        if (script != null) {
            // Only the script decides: the machine's own settings are left out on purpose.
            WinHttpSettings onlyPac = new WinHttpSettings(null, null, script.origin(), false);
            return new ProxyConfig(null, onlyPac, cliProxy, PacDecider.forScript(script));
        }
        ProxySettingsSnapshot settings = config.store().load();
        // The machine's own service setting stands in when winhttp.json sets nothing:
        // docs/behaviour.md#route-precedence
        SystemFallback fallback = systemRoot.fallback();
        WinHttpSettings w = fallback.choose(settings.winHttp());
        AutoConfigDecider decider = PacDecider.forSettings(w, pacOptions);
        return new ProxyConfig(settings.policy(), w, cliProxy, decider, fallback.originFor(settings.winHttp()));
    }
}
