package dev.uplink.analyzer.probe;

import dev.uplink.analyzer.report.ProbeMethod;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.ProxyConfig;
import dev.uplink.core.route.RouteResolver;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which configuration each of the five methods isolates. Every method resolves its routes with
 * the same {@link RouteResolver} the sensor uses, fed with only its own part of the settings, so
 * that a method's verdict is exactly what the sensor would get from that source alone.
 */
final class MethodPlan {
    private final Map<ProbeMethod, RouteResolver> resolvers = new EnumMap<>(ProbeMethod.class);
    private final RouteResolver sensor;

    MethodPlan(ProxySettingsSnapshot settings, AutoConfigDecider autoConfig, AnalyzerOptions options) {
        WinHttpSettings w = settings.winHttp();
        if (w.hasStaticProxy()) {
            resolvers.put(
                    ProbeMethod.DEFAULT_PROXY,
                    new RouteResolver(ProxyConfig.of(
                            MachinePolicy.EMPTY, new WinHttpSettings(w.proxy(), w.bypassList(), null, false))));
        }
        if (w.hasAutoConfiguration()) {
            resolvers.put(
                    ProbeMethod.WPAD,
                    new RouteResolver(new ProxyConfig(
                            MachinePolicy.EMPTY,
                            new WinHttpSettings(null, null, w.autoconfigUrl(), w.autoDetect()),
                            null,
                            autoConfig)));
        }
        resolvers.put(ProbeMethod.PROXY_DISABLED, new RouteResolver(ProxyConfig.DIRECT));
        if (settings.policy().hasNamedProxy()) {
            // The named proxy alone, without the DIRECT fallback: this method tests the proxy itself.
            resolvers.put(
                    ProbeMethod.NAMED_PROXY,
                    new RouteResolver(ProxyConfig.DIRECT.withCommandLineProxy(
                            settings.policy().telemetryProxyServer())));
        }
        if (options.commandLineProxy() != null) {
            resolvers.put(
                    ProbeMethod.COMMAND_LINE_PROXY,
                    new RouteResolver(ProxyConfig.DIRECT.withCommandLineProxy(options.commandLineProxy())));
        }
        // What the sensor does: the whole precedence, fallback included (no command-line proxy: tools only).
        sensor = new RouteResolver(new ProxyConfig(settings.policy(), w, null, autoConfig));
    }

    /** The resolver for a method, or null when nothing is configured for it. */
    RouteResolver resolver(ProbeMethod method) {
        return resolvers.get(method);
    }

    RouteResolver sensor() {
        return sensor;
    }
}
