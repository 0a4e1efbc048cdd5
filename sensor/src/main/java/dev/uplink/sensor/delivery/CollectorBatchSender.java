package dev.uplink.sensor.delivery;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.tls.TrustMaterial;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sends batches to the collector the way everything in uplink reaches the network: one
 * {@link RoutedCall} over the configured routes (named proxy with DIRECT fallback, system proxy,
 * PAC ...), so {@code uplink analyze} predicts exactly what happens here.
 *
 * <p>Only the collector's own answer decides a batch's fate. A proxy that answers (403 not on
 * its allowlist, 407, 502) did not deliver anything, so that is a connection-level failure and
 * the batch is retried, never parked.
 *
 * <p>With several collectors (docs/behaviour.md#collector-failover) a batch that reaches no answer
 * from one is sent to the next in the same attempt; the one that did not answer is held back by the
 * {@link CollectorSelector}. A collector that answers, whatever the status, decides the batch.
 */
public final class CollectorBatchSender implements BatchSender {
    private static final int MAX_REASON = 300;

    /** The collector's answers are short JSON; anything longer is cut for the reason text. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final CollectorSelector collectors;
    private final Supplier<String> authorization;
    private final RoutedCall call;
    private final Clock clock;
    private volatile String lastRoute = "not tried yet";

    public CollectorBatchSender(URI eventsUrl, Supplier<String> authorization, RoutedCall call, Clock clock) {
        this(CollectorSelector.single(eventsUrl), authorization, call, clock);
    }

    /** @param collectors the events URLs, tried in the selector's order */
    public CollectorBatchSender(
            CollectorSelector collectors, Supplier<String> authorization, RoutedCall call, Clock clock) {
        this.collectors = collectors;
        this.authorization = authorization;
        this.call = call;
        this.clock = clock;
    }

    /**
     * How uploads are made: {@code timeout} per step, twice that per attempt, and connections kept
     * through the same tunnel — a batch is safe to send twice (the collector drops duplicate ids),
     * and a TLS handshake per batch was most of the sensor's CPU.
     */
    public static CallProfile profile(TrustMaterial trust, Duration timeout) {
        return CallProfile.of(trust, timeout, timeout.multipliedBy(2), MAX_ANSWER_BYTES)
                .withReuseConnections(true);
    }

    @Override
    public SendResult send(byte[] gzippedJsonLines, int count) {
        List<URI> order = collectors.order();
        List<String> failures = new ArrayList<>();
        for (URI url : order) {
            SendResult result;
            try {
                result = sendTo(url, gzippedJsonLines);
            } catch (RuntimeException e) {
                result = new SendResult.ConnectionFailed(e.toString());
            }
            if (result instanceof SendResult.ConnectionFailed f) {
                collectors.unreachable(url, f.reason());
                failures.add(order.size() == 1 ? f.reason() : url.getHost() + ":" + port(url) + ": " + f.reason());
                continue;
            }
            collectors.answered(url);
            return result;
        }
        return new SendResult.ConnectionFailed(
                order.size() == 1 ? failures.get(0) : "no collector answered: " + String.join("; ", failures));
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "http".equals(url.getScheme()) ? 80 : 443;
    }

    private SendResult sendTo(URI eventsUrl, byte[] gzippedJsonLines) {
        Request.Builder b = Request.builder("POST", eventsUrl.toString())
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .body(gzippedJsonLines)
                .expect(Expect.ANY);
        String auth = authorization.get();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        CallResult r = call.execute(b);
        Outcome o = r.outcome();
        lastRoute = r.routeTaken();
        if (!r.answeredByService()) {
            return new SendResult.ConnectionFailed(o.diagnosis() + ": " + o.detail() + " via " + o.route());
        }
        String body = new String(o.body(), StandardCharsets.UTF_8).strip();
        String reason = body.length() > MAX_REASON ? body.substring(0, MAX_REASON) : body;
        return SendResult.ofHttpStatus(o.httpStatus(), o.headers().get("Retry-After"), reason, clock.instant());
    }

    @Override
    public void closeIdleConnections() {
        call.closeIdleConnections();
    }

    /** The collector in use: the one that answered last (the first configured one before any answer). */
    public URI eventsUrl() {
        return collectors.inUse();
    }

    @Override
    public CollectorSelector collectors() {
        return collectors;
    }

    /** The route of the last attempt, for status and inventory: {@code PROXY 10.0.0.6:8080} or {@code DIRECT (fell back from ...)}. */
    public String lastRoute() {
        return lastRoute;
    }

    /** What the configuration says now, before anything is tried. */
    public String configuredRoutes() {
        return configuredResolution().toPacString();
    }

    /** The configured routes with their reasons (e.g. a PAC failure that made them DIRECT); may run a PAC script. */
    public dev.uplink.core.route.Resolution configuredResolution() {
        return call.resolve(collectors.inUse());
    }
}
