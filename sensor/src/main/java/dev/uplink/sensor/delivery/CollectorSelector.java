package dev.uplink.sensor.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Orders the collectors of the device credential for each upload, the way the bad-proxy memory
 * orders proxies (docs/behaviour.md#collector-failover): a collector that did not answer is held
 * back — tried last, not dropped — until its retry time, so the others are tried first and it is
 * still tried when they fail too. Only "the collector did not answer" holds one back; a collector
 * that answers, even 503, is alive and the retry rules apply to its answer. Thread-safe: several
 * batches are in flight at once.
 */
public final class CollectorSelector {
    /** As long as a proxy stays on the bad-proxy list. */
    public static final Duration DEFAULT_HOLD_BACK = Duration.ofMinutes(5);

    private final List<URI> collectors;
    private final Clock clock;
    private final Duration holdBack;
    private final Map<URI, HeldBack> heldBack = new ConcurrentHashMap<>();
    private volatile URI inUse;

    /** @param collectors in the onboarding file's order: the first is preferred while it answers */
    public CollectorSelector(List<URI> collectors, Clock clock, Duration holdBack) {
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("no collector to upload to");
        }
        if (holdBack.isNegative() || holdBack.isZero()) {
            throw new IllegalArgumentException("hold-back period must be positive: " + holdBack);
        }
        this.collectors = List.copyOf(collectors);
        this.clock = clock;
        this.holdBack = holdBack;
        this.inUse = this.collectors.get(0);
    }

    public static CollectorSelector single(URI collector) {
        return new CollectorSelector(List.of(collector), Clock.systemUTC(), DEFAULT_HOLD_BACK);
    }

    /** The order to try now: the answering collectors in configured order, then the held-back ones, soonest retry first. */
    public List<URI> order() {
        Instant now = clock.instant();
        List<URI> good = new ArrayList<>();
        List<HeldBack> last = new ArrayList<>();
        for (URI c : collectors) {
            HeldBack h = heldBack.get(c);
            if (h != null && h.isHeldAt(now)) {
                last.add(h);
            } else {
                good.add(c);
            }
        }
        last.sort(Comparator.comparing(HeldBack::until));
        last.forEach(h -> good.add(h.collector()));
        return List.copyOf(good);
    }

    /** The collector did not answer (DNS, TCP, TLS, proxy, timeout): hold it back; a later failure extends the period. */
    public HeldBack unreachable(URI collector, String reason) {
        HeldBack h = new HeldBack(collector, clock.instant().plus(holdBack), reason);
        heldBack.put(collector, h);
        return h;
    }

    /** The collector answered (whatever the status): it is the one in use and is no longer held back. */
    public void answered(URI collector) {
        heldBack.remove(collector);
        inUse = collector;
    }

    /** The collector that answered last (the first configured one before any answer). */
    public URI inUse() {
        return inUse;
    }

    public List<URI> collectors() {
        return collectors;
    }

    /** The collectors held back now, soonest retry first. */
    public List<HeldBack> heldBack() {
        Instant now = clock.instant();
        return collectors.stream() // configured order breaks ties
                .map(heldBack::get)
                .filter(h -> h != null && h.isHeldAt(now))
                .sorted(Comparator.comparing(HeldBack::until))
                .toList();
    }

    /** A collector tried last until {@code until}, and why. */
    public record HeldBack(URI collector, Instant until, String reason) {
        public boolean isHeldAt(Instant now) {
            return now.isBefore(until);
        }
    }
}
