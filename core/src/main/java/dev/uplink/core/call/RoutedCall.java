package dev.uplink.core.call;

import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.Route;
import dev.uplink.core.route.RouteSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one owner of "resolve, connect, report back" (OkHttp's client and {@code RouteDatabase} are
 * the model): every caller that reaches the network — analyzer probes, sensor uploads, enrolment,
 * PAC and WPAD downloads — makes its calls here, so they all take the same routes, try them the
 * same way and teach the same bad-proxy memory (docs/architecture.md#the-routed-call).
 *
 * <p>A call resolves its routes from the request's URL (parsed once, when the request was built),
 * lets the {@link Connector} try them in order, then reports back in both directions: a proxy that
 * could not be reached is held back for later calls, a proxy through which the service answered is
 * forgiven at once. Thread-safe when the route source and connector are (both of uplink's are).
 */
public final class RoutedCall {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final RouteSource routes;
    private final Connector connector;
    private final CallProfile profile;

    public RoutedCall(RouteSource routes, Connector connector, CallProfile profile) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** Calls that go DIRECT whatever the configuration says (auto-configuration downloads). */
    public static RoutedCall direct(Connector connector, CallProfile profile) {
        return new RoutedCall(RouteSource.direct(), connector, profile);
    }

    /** What the configuration says for {@code url} now, before anything is tried. */
    public Resolution resolve(URI url) {
        return routes.resolve(url);
    }

    /**
     * Makes the call: the profile's timeouts, trust and limits are applied over {@code request}
     * (method, URL, headers, body and expectation are the caller's). Never throws for network
     * trouble: it is in the result.
     */
    public CallResult execute(Request.Builder request) {
        Request req = profile.applyTo(request).build();
        List<URI> redirects = new ArrayList<>();
        // A redirect chain is one call: its hops share the attempt timeout, or a server answering
        // each hop just in time would stretch it (maxRedirects + 1) times.
        long chainEnd = System.nanoTime() + profile.attemptTimeout().toNanos();
        while (true) {
            Resolution resolution = routes.resolve(req.url());
            Execution execution = connector.execute(req, resolution.routes());
            learn(execution);
            CallResult result = new CallResult(resolution, execution, redirects);
            URI next = redirectTarget(req, result, redirects.size());
            if (next == null) {
                return result;
            }
            redirects.add(next);
            long left = Math.max(1_000_000L, chainEnd - System.nanoTime());
            req = profile.applyTo(Request.builder(req.method(), next.toString())
                            .headers(req.headers())
                            .expect(req.expect())
                            .pins(req.pins()))
                    .attemptTimeout(Duration.ofNanos(
                            Math.min(left, profile.attemptTimeout().toNanos())))
                    .build();
        }
    }

    /** Closes the connections kept for reuse (a long-running sender calls this when it stops). */
    public void closeIdleConnections() {
        connector.closeIdleConnections();
    }

    /** Feedback both ways: unreachable proxies go last for a while, one that carried an answer is forgiven. */
    private void learn(Execution execution) {
        if (!profile.rememberProxyFailures()) {
            return;
        }
        BadProxyMemory memory = routes.memory();
        for (Outcome o : execution.attempts()) {
            Route r = o.route();
            if (r.isDirect()) {
                continue;
            }
            if (o.diagnosis() != null && o.diagnosis().proxyNotReached()) {
                memory.markBad(r, o.diagnosis().code());
            } else if (o.httpStatus() != null && !o.answeredByProxy()) {
                memory.forget(r.proxy());
            }
        }
    }

    /** Where a service's redirect of a GET leads, when the profile follows it; never from https to http. */
    private URI redirectTarget(Request req, CallResult result, int followed) {
        Outcome o = result.outcome();
        if (followed >= profile.maxRedirects()
                || !req.method().equals("GET")
                || !result.answeredByService()
                || !REDIRECTS.contains(o.httpStatus())) {
            return null;
        }
        String location = o.headers().get("Location");
        if (location == null || location.isBlank()) {
            return null;
        }
        URI next;
        try {
            next = req.url().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = req.isHttps() && scheme.equals("http");
        if (downgrade
                || !(scheme.equals("http") || scheme.equals("https"))
                || next.getHost() == null
                || next.getRawUserInfo() != null) {
            return null;
        }
        return next;
    }
}
