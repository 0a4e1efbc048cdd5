package dev.uplink.cli.sensor;

import dev.uplink.collector.onboarding.HttpCall;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.tls.TrustMaterial;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Enrollment's HTTP exchange over the shared path: the configured routes (named proxy with
 * DIRECT fallback, system proxy, PAC) and the one Connector. Only the collector's own answer is
 * an answer; a proxy's refusal means the collector was never reached.
 */
public final class ConnectorHttpCall implements HttpCall {
    private final Connector connector;
    private final ConfiguredRoutes routes;
    private final TrustMaterial trust;

    public ConnectorHttpCall(Connector connector, ConfiguredRoutes routes, TrustMaterial trust) {
        this.connector = connector;
        this.routes = routes;
        this.trust = trust;
    }

    @Override
    public Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
        Request.Builder b = Request.builder(method, url.toString()).trust(trust).expect(Expect.ANY)
                .connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(30))
                .attemptTimeout(Duration.ofSeconds(60)).body(body);
        headers.forEach(b::header);
        Execution ex = connector.execute(b.build(), routes.resolve(url.toString()).routes(), routes.failureListener());
        Outcome o = ex.outcome();
        if (o.httpStatus() == null || o.answeredByProxy()) {
            throw new IOException(o.diagnosis() + ": " + o.detail() + " via " + o.route() + " (" + o.diagnosis().remediation() + ")");
        }
        return new Reply(o.httpStatus(), o.body());
    }
}
