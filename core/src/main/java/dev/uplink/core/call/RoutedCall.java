package dev.uplink.core.call;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.ProxyAuthorization;
import dev.uplink.core.connect.ProxyChallenge;
import dev.uplink.core.connect.Request;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.Route;
import dev.uplink.core.route.RouteSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>Authentication to proxies belongs here too (docs/behaviour.md#proxy-authentication): a 407
 * is answered once per challenge with what the {@link ProxyAuthenticator} allows, on that route
 * alone; a proxy that accepted a scheme gets it up front on later calls, so kept connections stay
 * authenticated and new ones cost no extra round trip.
 */
public final class RoutedCall {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final RouteSource routes;
    private final Connector connector;
    private final CallProfile profile;
    private final ProxyAuthenticator proxyAuth;
    /** Proxies that accepted a scheme, and which: sent up front next time. */
    private final Map<HostPort, String> accepted = new ConcurrentHashMap<>();

    /** A call that never authenticates to proxies (no credentials configured). */
    public RoutedCall(RouteSource routes, Connector connector, CallProfile profile) {
        this(routes, connector, profile, ProxyAuthenticator.NONE);
    }

    public RoutedCall(RouteSource routes, Connector connector, CallProfile profile, ProxyAuthenticator proxyAuth) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.proxyAuth = Objects.requireNonNull(proxyAuth, "proxyAuth");
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
        Request req = withCredentials(profile.applyTo(request)).build();
        List<URI> redirects = new ArrayList<>();
        // A redirect chain is one call: its hops share the attempt timeout, or a server answering
        // each hop just in time would stretch it (maxRedirects + 1) times.
        long chainEnd = System.nanoTime() + profile.attemptTimeout().toNanos();
        while (true) {
            Resolution resolution = routes.resolve(req.url());
            Execution execution = answerChallenge(req, connector.execute(req, resolution.routes()));
            learn(execution);
            CallResult result = new CallResult(resolution, execution, redirects);
            URI next = redirectTarget(req, result, redirects.size());
            if (next == null) {
                return result;
            }
            redirects.add(next);
            long left = Math.max(1_000_000L, chainEnd - System.nanoTime());
            req = withCredentials(profile.applyTo(Request.builder(req.method(), next.toString())
                                    .headers(req.headers())
                                    .expect(req.expect())
                                    .pins(req.pins()))
                            .attemptTimeout(Duration.ofNanos(
                                    Math.min(left, profile.attemptTimeout().toNanos()))))
                    .build();
        }
    }

    /** Up-front credentials for proxies that accepted them before, unless the caller set its own. */
    private Request.Builder withCredentials(Request.Builder b) {
        if (b.hasProxyCredentials()) {
            return b;
        }
        return b.proxyCredentials(route -> {
            String scheme = route.proxy() == null ? null : accepted.get(route.proxy());
            return scheme == null ? null : proxyAuth.preemptive(route, scheme);
        });
    }

    /**
     * A 407 from the last attempt's proxy: the authenticator's answer, tried once on that route
     * alone (a fresh attempt; credentials never go to another route). Without an answer the 407's
     * detail says why uplink did not authenticate.
     */
    private Execution answerChallenge(Request req, Execution execution) {
        Outcome first = execution.outcome();
        Route route = first.route();
        if (first.diagnosis() != Diagnosis.PROXY_AUTH_REQUIRED
                || !(route.type() == Route.Type.PROXY || route.type() == Route.Type.HTTPS)) {
            return execution;
        }
        List<ProxyChallenge> offered = ProxyChallenge.parse(first.headers().values("Proxy-Authenticate"));
        if (first.proxyAuthScheme() != null) {
            // Sent up front and refused (password changed, ticket expired): answer this challenge afresh.
            accepted.remove(route.proxy());
        }
        ProxyAuthenticator.Answer answer;
        try {
            answer = proxyAuth.answer(route, offered);
        } catch (RuntimeException e) {
            answer = new ProxyAuthenticator.Fail("the proxy credentials cannot be used: " + e.getMessage());
        }
        Outcome last;
        if (answer instanceof ProxyAuthenticator.Decline d) {
            last = first.reclassified(Diagnosis.PROXY_AUTH_REQUIRED, first.detail() + "; " + d.why());
        } else if (answer instanceof ProxyAuthenticator.Fail f) {
            last = first.reclassified(Diagnosis.PROXY_AUTH_FAILED, first.detail() + "; " + f.why());
        } else {
            ProxyAuthenticator.Send send = (ProxyAuthenticator.Send) answer;
            ProxyAuthorization auth = send.authorization();
            long left = req.attemptTimeout().toMillis() - first.elapsedMillis();
            Request again = req.toBuilder()
                    .proxyCredentials(r -> r.equals(route) ? auth : null)
                    .attemptTimeout(Duration.ofMillis(Math.max(1, left)))
                    .build();
            Outcome retry = connector.execute(again, route).plusElapsed(first.elapsedMillis());
            if (retry.diagnosis() == Diagnosis.PROXY_AUTH_REQUIRED) {
                last = retry.reclassified(Diagnosis.PROXY_AUTH_FAILED, retry.detail() + "; " + send.rejected());
            } else {
                last = retry;
                if (retry.httpStatus() != null) {
                    accepted.put(route.proxy(), auth.scheme());
                }
            }
        }
        List<Outcome> attempts = new ArrayList<>(execution.attempts());
        attempts.set(attempts.size() - 1, last);
        return new Execution(attempts);
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
        String scheme = next.getScheme() == null ? "" : CaseMapping.lower(next.getScheme());
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
