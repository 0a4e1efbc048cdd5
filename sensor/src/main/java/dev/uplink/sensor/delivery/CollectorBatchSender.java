package dev.uplink.sensor.delivery;

import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.tls.TrustMaterial;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends batches to the collector the way everything in uplink reaches the network: routes from
 * the configuration (named proxy with DIRECT fallback, system proxy, PAC ...) tried by the one
 * Connector, so {@code uplink analyze} predicts exactly what happens here.
 *
 * <p>Only the collector's own answer decides a batch's fate. A proxy that answers (403 not on
 * its allowlist, 407, 502) did not deliver anything, so that is a connection-level failure and
 * the batch is retried, never parked.
 */
public final class CollectorBatchSender implements BatchSender {
    private static final int MAX_REASON = 300;

    private final URI eventsUrl;
    private final Supplier<String> authorization;
    private final TrustMaterial trust;
    private final Connector connector;
    private final ConfiguredRoutes routes;
    private final Duration timeout;
    private final Clock clock;
    private volatile String lastRoute = "not tried yet";

    public CollectorBatchSender(URI eventsUrl, Supplier<String> authorization, TrustMaterial trust, Connector connector,
                                ConfiguredRoutes routes, Duration timeout, Clock clock) {
        this.eventsUrl = eventsUrl;
        this.authorization = authorization;
        this.trust = trust;
        this.connector = connector;
        this.routes = routes;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public SendResult send(byte[] gzippedJsonLines, int count) {
        Resolution resolution = routes.resolve(eventsUrl.toString());
        Request.Builder b = Request.builder("POST", eventsUrl.toString())
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .body(gzippedJsonLines)
                .trust(trust)
                .expect(Expect.ANY)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .attemptTimeout(timeout.multipliedBy(2))
                .maxBodyBytes(64 * 1024)
                // Keep-alive through the same tunnel: a batch is safe to send twice (the collector
                // drops duplicate ids), and a TLS handshake per batch was most of the sensor's CPU.
                .reuseConnection(true);
        String auth = authorization.get();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        Execution execution = connector.execute(b.build(), resolution.routes(), routes.failureListener());
        Outcome o = execution.outcome();
        lastRoute = o.route() + (execution.fellBack() ? " (fell back from " + execution.attempts().get(0).route() + ")" : "");
        if (o.httpStatus() == null || o.answeredByProxy()) {
            return new SendResult.ConnectionFailed(o.diagnosis() + ": " + o.detail() + " via " + o.route());
        }
        routes.succeeded(o.route());
        String body = new String(o.body(), StandardCharsets.UTF_8).strip();
        String reason = body.length() > MAX_REASON ? body.substring(0, MAX_REASON) : body;
        return SendResult.ofHttpStatus(o.httpStatus(), o.headers().get("Retry-After"), reason, clock.instant());
    }

    @Override
    public void closeIdleConnections() {
        connector.closeIdleConnections();
    }

    public URI eventsUrl() {
        return eventsUrl;
    }

    /** The route of the last attempt, for status and inventory: {@code PROXY 10.0.0.6:8080} or {@code DIRECT (fell back from ...)}. */
    public String lastRoute() {
        return lastRoute;
    }

    /** What the configuration says now, before anything is tried. */
    public String configuredRoutes() {
        return routes.resolve(eventsUrl.toString()).toPacString();
    }
}
