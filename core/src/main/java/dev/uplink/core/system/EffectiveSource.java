package dev.uplink.core.system;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of a machine's settings a system service such as uplink's sensor starts with
 * (docs/behaviour.md#machine-proxy-sources): only kinds that reach services count (never a
 * per-user or desktop setting, never apt's own); among them the running sensor's environment, then its unit, then the
 * vendor agent's managed, local and unit settings, then {@code /etc/sysconfig/proxy}.
 *
 * @param source the chosen source, null when no service-scope source sets anything
 * @param reason why, in plain words
 */
public record EffectiveSource(ProxySource source, String reason) {

    static EffectiveSource choose(List<ProxySource> sources) {
        Optional<ProxySource> best = sources.stream()
                .filter(s -> s.kind().reachesServices() && s.setsSomething())
                .min(Comparator.comparingInt(s -> s.kind().serviceRank()));
        if (best.isEmpty()) {
            boolean userOnly = sources.stream().anyMatch(ProxySource::setsSomething);
            return new EffectiveSource(
                    null,
                    "no setting reaches system services"
                            + (userOnly ? " (the proxies found apply to users' sessions or to apt only)" : "")
                            + ": the sensor goes by uplink's own settings, else DIRECT");
        }
        ProxySource s = best.get();
        String why = switch (s.kind()) {
            case SENSOR_PROCESS -> "the environment the running sensor has now (/proc)";
            case SENSOR_UNIT -> "the environment the sensor's service starts with";
            case MACHINE_POLICY -> "the machine policy comes first for the EDR sensor";
            case WINHTTP -> "the WinHTTP default proxy is what services using WinHTTP get";
            default ->
                "the highest-ranked setting that reaches system services"
                        + (sources.stream().anyMatch(o -> o.kind() == SourceKind.SENSOR_UNIT)
                                ? " (the sensor's unit sets no proxy)"
                                : "");
        };
        return new EffectiveSource(s, why);
    }
}
