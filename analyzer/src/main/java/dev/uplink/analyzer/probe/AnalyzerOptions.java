package dev.uplink.analyzer.probe;

import dev.uplink.core.net.HostPort;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * How the analyzer probes.
 *
 * @param timeout          upper bound for one probe (connect, handshakes, answer)
 * @param parallel         probes in flight at once; hanging endpoints must not serialise the run
 * @param trust            the roots a service certificate must chain to (anything else is inspection)
 * @param resolveOverrides {@code --resolve host → address}, as curl does, for direct connections
 * @param commandLineProxy method 5, or null
 */
public record AnalyzerOptions(
        Duration timeout,
        int parallel,
        TrustMaterial trust,
        Map<String, InetAddress> resolveOverrides,
        HostPort commandLineProxy) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public AnalyzerOptions {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        resolveOverrides = Map.copyOf(resolveOverrides);
    }
}
