package dev.uplink.analyzer.probe;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.connect.Request;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.RouteSource;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One method's routes for every URL of a run, decided ahead, in input order, by {@link #decideAll}
 * on a thread of its own while the direct probes run. Auto-configuration (fetching, compiling and
 * evaluating the PAC) is the one slow part of deciding a route, and a probe's attempt, with its
 * timeout, starts only once its routes are decided: decided when the probe starts, the PAC
 * method's routes of a silent URL waited behind the other URLs' PAC work and its probe ended
 * ~0.4 s after the URL's other ones (bench/analyzer/README.md).
 *
 * <p>A probe whose URL has not had its turn yet decides its routes itself at once; one whose URL is
 * being decided waits for that. Either way each URL is decided once, by the same {@link RouteSource}
 * a probe would ask, and the analyzer's probes teach it nothing ({@code withRememberProxyFailures(false)}),
 * so its answer is the same whenever it is asked: what a failed fetch or evaluation reports does not
 * change (docs/behaviour.md#probe-methods).
 */
final class RoutesAhead implements RouteSource {
    private final RouteSource routes;
    private final Map<URI, Slot> slots = new LinkedHashMap<>();

    /** {@code urls} in input order; one that is not a valid http(s) URL is left to the probe (which reports it). */
    RoutesAhead(RouteSource routes, List<String> urls) {
        this.routes = routes;
        for (String url : urls) {
            try {
                slots.putIfAbsent(Request.parseUrl(url), new Slot());
            } catch (InvalidInputException e) {
                // the probe's own request is refused the same way: nothing to decide ahead
            }
        }
    }

    /** Decides every URL not yet taken by a probe, in input order, until {@code stop} says so. */
    void decideAll(BooleanSupplier stop) {
        for (Map.Entry<URI, Slot> e : slots.entrySet()) {
            if (stop.getAsBoolean()) {
                return;
            }
            try {
                e.getValue().decide(routes, e.getKey());
            } catch (RuntimeException ignored) {
                // kept in the slot: the probe that asks for this URL gets it, as if it had decided itself
            }
        }
    }

    @Override
    public Resolution resolve(URI url) {
        Slot s = slots.get(url);
        return s == null ? routes.resolve(url) : s.decide(routes, url);
    }

    @Override
    public BadProxyMemory memory() {
        return routes.memory();
    }

    /** One URL's routes: decided by whichever thread takes it first, waited for by the others. */
    private static final class Slot {
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<Resolution> result = new CompletableFuture<>();

        Resolution decide(RouteSource routes, URI url) {
            if (taken.compareAndSet(false, true)) {
                try {
                    Resolution r = routes.resolve(url);
                    result.complete(r);
                    return r;
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw e;
            }
        }
    }
}
