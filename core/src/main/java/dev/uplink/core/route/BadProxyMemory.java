package dev.uplink.core.route;

import dev.uplink.core.net.HostPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser behaviour for failed proxies (docs/behaviour.md#bad-proxy-memory): a proxy that could not be reached is
 * moved to the end of every route list for a while (5 minutes by default) instead of being
 * dropped, so that it is still tried when everything else fails too. Thread-safe: the sensor's
 * uploader and the analyzer share one instance with concurrent connections.
 */
public final class BadProxyMemory {

    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration retryDelay;
    private final Map<HostPort, ProxyRetryInfo> bad = new ConcurrentHashMap<>();

    public BadProxyMemory() {
        this(Clock.systemUTC(), DEFAULT_RETRY_DELAY);
    }

    public BadProxyMemory(Clock clock, Duration retryDelay) {
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("retry delay must be positive: " + retryDelay);
        }
        this.clock = clock;
        this.retryDelay = retryDelay;
    }

    /** Records a DNS/TCP/TLS-level failure of a proxy; a later failure extends the period. */
    public ProxyRetryInfo markBad(HostPort proxy, String reason) {
        Instant now = clock.instant();
        ProxyRetryInfo info = new ProxyRetryInfo(proxy, now.plus(retryDelay), reason);
        bad.put(proxy, info);
        bad.values().removeIf(i -> !i.isBadAt(now)); // keeps the map as small as the live set
        return info;
    }

    /** @throws IllegalArgumentException for DIRECT, which is never deprioritised */
    public ProxyRetryInfo markBad(Route route, String reason) {
        if (route.isDirect()) {
            throw new IllegalArgumentException("DIRECT cannot be marked bad; only proxies are");
        }
        return markBad(route.proxy(), reason);
    }

    /** Forgets a proxy, e.g. after a connection through it succeeded. */
    public void forget(HostPort proxy) {
        bad.remove(proxy);
    }

    public Optional<ProxyRetryInfo> retryInfo(HostPort proxy) {
        ProxyRetryInfo info = bad.get(proxy);
        return info != null && info.isBadAt(clock.instant()) ? Optional.of(info) : Optional.empty();
    }

    /** The proxies currently marked bad, soonest to recover first. */
    public List<ProxyRetryInfo> snapshot() {
        Instant now = clock.instant();
        return bad.values().stream()
                .filter(i -> i.isBadAt(now))
                .sorted(Comparator.comparing(ProxyRetryInfo::badUntil))
                .toList();
    }

    /**
     * Moves routes through bad proxies to the end; both the good and the bad routes keep their
     * relative order. DIRECT is never moved.
     */
    public Reordering reorder(List<Route> routes) {
        Instant now = clock.instant();
        List<Route> good = new ArrayList<>();
        List<Route> last = new ArrayList<>();
        List<Deprioritised> moved = new ArrayList<>();
        for (Route route : routes) {
            ProxyRetryInfo info = route.isDirect() ? null : bad.get(route.proxy());
            if (info != null && info.isBadAt(now)) {
                last.add(route);
                moved.add(new Deprioritised(route, info));
            } else {
                good.add(route);
            }
        }
        good.addAll(last);
        return new Reordering(List.copyOf(good), List.copyOf(moved));
    }

    /** The reordered list and, for the explanation, what was moved and until when. */
    public record Reordering(List<Route> routes, List<Deprioritised> deprioritised) {}

    public record Deprioritised(Route route, ProxyRetryInfo retryInfo) {}
}
