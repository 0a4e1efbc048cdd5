package dev.uplink.cli;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Plain-HTTP {@code GET /metrics} on its own address, for the collector ({@code --metrics-listen})
 * and the sensor ({@code metricsListen}). A separate listener rather than a path on the service
 * port: the figures need no device credential, and a loopback address keeps them to the machine
 * (docs/behaviour.md#metrics).
 */
public final class MetricsListener implements AutoCloseable {

    private final HTTPServer server;
    private final HostPort address;

    private MetricsListener(HTTPServer server, HostPort address) {
        this.server = server;
        this.address = address;
    }

    /** Serves {@code registry} on {@code listen} ({@code what} names the option in errors). */
    public static MetricsListener start(String listen, String what, PrometheusRegistry registry) throws IOException {
        HostPort hp = HostPort.parse(listen, what);
        InetAddress host;
        try {
            host = InetAddress.getByName(hp.host());
        } catch (UnknownHostException e) {
            throw new InvalidInputException(
                    what + " " + hp + ": cannot resolve '" + hp.host() + "' to a local address");
        }
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(host)
                    .port(hp.port())
                    .registry(registry)
                    .buildAndStart();
            return new MetricsListener(server, new HostPort(hp.host(), server.getPort()));
        } catch (BindException e) {
            throw new IOException(
                    "cannot listen on " + hp + " for metrics (" + what + "): " + e.getMessage()
                            + "; choose a free port or stop what uses it",
                    e);
        }
    }

    /** The URL to scrape (with the port actually bound, when 0 was asked for). */
    public String url() {
        return "http://" + address + "/metrics";
    }

    @Override
    public void close() {
        server.close();
    }
}
