package dev.uplink.core.route;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.BypassRule;
import dev.uplink.core.proxy.ProxyBypassRules;
import dev.uplink.core.proxy.ProxyServerSpec;
import dev.uplink.core.proxy.UrlTarget;
import dev.uplink.core.route.Reason.Source;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link ProxyConfig} snapshot into the ordered, explained routes for a URL, with the
 * precedence of docs/behaviour.md#route-precedence: command line, machine policy, system-wide proxy (with its bypass
 * list), auto-configuration, DIRECT; then {@link BadProxyMemory} moves recently failed proxies
 * last. A pure function of config, memory and URL: nothing here touches the network.
 *
 * <p>Fallback lists are built here and executed by the Connector: only the machine policy gets a
 * DIRECT fallback (its documented behaviour); the system-wide proxy does not, because WinHTTP
 * never moves on from it; a PAC result is used exactly as the script wrote it.
 */
public final class RouteResolver implements RouteSource {

    /** Ends the reason of a resolution that fell back to DIRECT because auto-configuration failed. */
    static final String AUTO_CONFIG_FALLBACK = "; falling back to DIRECT";

    private final ProxyConfig config;
    private final ProxyBypassRules bypass;
    private final BadProxyMemory memory;

    /** @throws InvalidInputException when the configured bypass list is invalid */
    public RouteResolver(ProxyConfig config, BadProxyMemory memory) {
        this.config = config;
        this.bypass = ProxyBypassRules.parse(config.winHttp().bypassList());
        this.memory = memory;
    }

    /** A resolver with its own, empty bad-proxy memory. */
    public RouteResolver(ProxyConfig config) {
        this(config, new BadProxyMemory());
    }

    public ProxyConfig config() {
        return config;
    }

    @Override
    public BadProxyMemory memory() {
        return memory;
    }

    /** @throws InvalidInputException when the text is not an absolute URL */
    public Resolution resolve(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("URL is empty: expected an absolute URL such as https://host/path");
        }
        try {
            return resolve(new URI(url.trim()));
        } catch (URISyntaxException e) {
            throw new InvalidInputException("URL '" + url + "' is not valid (" + e.getReason()
                    + "): expected an absolute URL such as https://host/path");
        }
    }

    /** @throws InvalidInputException when the URL has no scheme/host or an unknown scheme without port */
    @Override
    public Resolution resolve(URI url) {
        UrlTarget target = UrlTarget.of(url);
        List<Reason> reasons = new ArrayList<>();
        List<Route> routes = commandLine(reasons)
                .or(() -> machinePolicy(reasons))
                .or(() -> systemProxy(target, reasons))
                .or(() -> autoConfig(url, reasons))
                .orElseGet(() -> {
                    reasons.add(new Reason(
                            Source.DIRECT_DEFAULT,
                            "no command-line proxy, machine policy, "
                                    + "system-wide proxy or auto-configuration is set: DIRECT"));
                    return List.of(Route.DIRECT);
                });
        BadProxyMemory.Reordering reordering = memory.reorder(routes);
        for (BadProxyMemory.Deprioritised d : reordering.deprioritised()) {
            ProxyRetryInfo info = d.retryInfo();
            reasons.add(new Reason(
                    Source.BAD_PROXY,
                    d.route() + " failed recently (" + info.reason() + "); until " + info.badUntil()
                            + " it is tried after every route not marked bad"));
        }
        return new Resolution(displayUrl(url, target), reordering.routes(), reasons);
    }

    private Optional<List<Route>> commandLine(List<Reason> reasons) {
        HostPort p = config.commandLineProxy();
        if (p == null) {
            return Optional.empty();
        }
        reasons.add(new Reason(
                Source.COMMAND_LINE,
                "proxy " + p + " from the command line overrides every other "
                        + "setting for this command (no bypass list, no DIRECT fallback)"));
        return Optional.of(List.of(Route.proxy(p)));
    }

    private Optional<List<Route>> machinePolicy(List<Reason> reasons) {
        HostPort p = config.machinePolicy().telemetryProxyServer();
        if (p == null) {
            return Optional.empty();
        }
        reasons.add(
                new Reason(
                        Source.MACHINE_POLICY,
                        "TelemetryProxyServer is " + p + ": tried first; DIRECT only if "
                                + "the proxy cannot be reached (DNS, TCP or TLS failure), not if it answers (403, 407, 502 ...)"));
        WinHttpSettings w = config.winHttp();
        if (w.hasStaticProxy() || w.hasAutoConfiguration()) {
            String shadowed = w.hasStaticProxy() && w.hasAutoConfiguration()
                    ? "system-wide proxy and auto-configuration are"
                    : w.hasStaticProxy() ? "system-wide proxy is" : "auto-configuration is";
            reasons.add(new Reason(
                    Source.MACHINE_POLICY, "the " + shadowed + " also set but the machine policy takes precedence"));
        }
        return Optional.of(List.of(Route.proxy(p), Route.DIRECT));
    }

    private Optional<List<Route>> systemProxy(UrlTarget target, List<Reason> reasons) {
        ProxyServerSpec spec = config.winHttp().proxy();
        if (spec == null) {
            return Optional.empty();
        }
        machineSettings(reasons);
        reasons.add(new Reason(
                Source.SYSTEM_PROXY,
                "system-wide proxy is '" + spec + "'"
                        + (config.winHttp().hasAutoConfiguration()
                                ? " (auto-configuration is also enabled but a static " + "proxy takes precedence)"
                                : "")));
        Optional<BypassRule> rule = bypass.matches(target);
        if (rule.isPresent()) {
            reasons.add(new Reason(
                    Source.BYPASS,
                    "host " + target.hostForUrl() + " matches " + rule.get().describe() + ": DIRECT"));
            return Optional.of(List.of(Route.DIRECT));
        }
        ProxyServerSpec.ProxyForScheme chosen = spec.forScheme(target.scheme());
        if (chosen == null) {
            reasons.add(new Reason(
                    Source.SYSTEM_PROXY,
                    "it names no proxy for scheme '" + target.scheme() + "' (and no socks=): DIRECT"));
            return Optional.of(List.of(Route.DIRECT));
        }
        if (chosen.socks()) {
            // WinHTTP itself speaks no SOCKS; browsers read socks= as SOCKS4, as PAC's "SOCKS".
            reasons.add(new Reason(
                    Source.SYSTEM_PROXY,
                    "socks=" + chosen.proxy() + " serves scheme '" + target.scheme()
                            + "', which has no entry of its own; spoken as SOCKS4 like browsers do"));
            return Optional.of(List.of(new Route(Route.Type.SOCKS4, chosen.proxy())));
        }
        reasons.add(new Reason(
                Source.SYSTEM_PROXY,
                chosen.proxy() + " serves scheme '" + target.scheme()
                        + "'; no DIRECT fallback (WinHTTP never moves on from its proxy)"));
        return Optional.of(List.of(Route.proxy(chosen.proxy())));
    }

    /** Says where the system-wide setting came from when it is the machine's, not uplink's. */
    private void machineSettings(List<Reason> reasons) {
        if (config.winHttpOrigin() != null) {
            reasons.add(new Reason(
                    Source.MACHINE_SETTINGS,
                    "uplink has no system-wide proxy of its own (winhttp.json): using the machine's service setting from "
                            + config.winHttpOrigin()));
        }
    }

    private Optional<List<Route>> autoConfig(URI url, List<Reason> reasons) {
        WinHttpSettings w = config.winHttp();
        if (!w.hasAutoConfiguration()) {
            return Optional.empty();
        }
        Source source = w.autoconfigUrl() != null ? Source.PAC : Source.WPAD;
        machineSettings(reasons);
        AutoConfigDecider decider = config.autoConfig();
        if (decider == null) {
            reasons.add(new Reason(
                    source,
                    "auto-configuration is enabled (AutoconfigUrl=" + w.autoconfigUrl() + ", AutoDetect="
                            + w.autoDetect() + ") but no PAC engine is available here: DIRECT"));
            return Optional.of(List.of(Route.DIRECT));
        }
        AutoConfigDecision d;
        try {
            d = decider.decide(url);
        } catch (RuntimeException e) {
            d = AutoConfigDecision.failed(
                    source,
                    w.autoconfigUrl(),
                    "PAC evaluation failed: "
                            + (e.getMessage() == null ? "unexpected error in the PAC engine" : e.getMessage()));
        }
        if (d == null) {
            d = AutoConfigDecision.failed(source, w.autoconfigUrl(), "PAC evaluation returned no decision");
        }
        String from = d.pacUrl() == null ? "" : " from " + d.pacUrl();
        if (!d.succeeded()) {
            reasons.add(new Reason(
                    d.source(), "auto-configuration" + from + " failed: " + d.failure() + AUTO_CONFIG_FALLBACK));
            return Optional.of(List.of(Route.DIRECT));
        }
        List<Route> routes = d.routes().isEmpty() ? List.of(Route.DIRECT) : d.routes();
        reasons.add(new Reason(
                d.source(),
                "PAC script" + from + " returned \"" + d.rawResult() + "\": tried in order"
                        + (d.routes().isEmpty() ? " (no usable element means DIRECT)" : "")));
        if (d.note() != null && !d.note().isBlank()) {
            reasons.add(new Reason(d.source(), d.note()));
        }
        return Optional.of(routes);
    }

    /** The URL without user info, query and fragment, which may carry credentials or tokens. */
    private static String displayUrl(URI url, UrlTarget target) {
        String port = url.getPort() >= 0 ? ":" + url.getPort() : "";
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return target.scheme() + "://" + target.hostForUrl() + port + path;
    }
}
