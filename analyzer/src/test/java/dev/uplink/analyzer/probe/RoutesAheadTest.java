package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.Reason;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.Route;
import dev.uplink.core.route.RouteSource;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Routes decided ahead are the ones a probe would have decided itself, each URL once. */
class RoutesAheadTest {
    private static final String A = "https://a.example.com/ping";
    private static final String B = "https://b.example.com/ping";

    /** Records what it is asked; fails for a host named "fails", waits at {@code gate} for one named "slow". */
    private static final class Recording implements RouteSource {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final BadProxyMemory memory = new BadProxyMemory();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public Resolution resolve(URI url) {
            asked.add(url.toString());
            if (url.getHost().startsWith("fails")) {
                throw new InvalidInputException("URL '" + url + "' refused by this test");
            }
            if (url.getHost().startsWith("slow")) {
                entered.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Resolution(
                    url.toString(), List.of(Route.DIRECT), List.of(new Reason(Reason.Source.PAC, "decided")));
        }

        @Override
        public BadProxyMemory memory() {
            return memory;
        }
    }

    @Test
    void decidedAheadInInputOrderAndHandedToTheProbeWithoutDecidingAgain() {
        Recording source = new Recording();
        RoutesAhead ahead = new RoutesAhead(source, List.of(B, A));

        ahead.decideAll(() -> false);
        Resolution b = ahead.resolve(URI.create(B));

        assertEquals(List.of(B, A), source.asked);
        assertSame(b, ahead.resolve(URI.create(B)), "decided once");
        assertEquals(List.of(B, A), source.asked);
        assertSame(source.memory, ahead.memory());
    }

    @Test
    void aProbeWhoseTurnHasNotComeDecidesItselfAndIsNotDecidedAgain() {
        Recording source = new Recording();
        RoutesAhead ahead = new RoutesAhead(source, List.of(A, B));

        ahead.resolve(URI.create(B));
        ahead.decideAll(() -> false);

        assertEquals(List.of(B, A), source.asked);
    }

    @Test
    void aUrlNotListedIsDecidedWhenAskedAndAStoppedRunDecidesNothingMore() {
        Recording source = new Recording();
        RoutesAhead ahead = new RoutesAhead(source, List.of(A, "not a url"));

        ahead.decideAll(() -> true);
        String other = "https://redirected.example.com/";
        ahead.resolve(URI.create(other));
        ahead.resolve(URI.create(other));

        assertEquals(List.of(other, other), source.asked);
    }

    @Test
    void aFailureDecidedAheadReachesTheProbeAsIfItHadDecidedItself() {
        Recording source = new Recording();
        String fails = "https://fails.example.com/";
        RoutesAhead ahead = new RoutesAhead(source, List.of(fails));

        ahead.decideAll(() -> false);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ahead.resolve(URI.create(fails)));

        assertEquals("URL '" + fails + "' refused by this test", e.getMessage());
        assertEquals(List.of(fails), source.asked);
    }

    @Test
    void aProbeWhoseUrlIsBeingDecidedWaitsForThatDecision() throws Exception {
        Recording source = new Recording();
        String slow = "https://slow.example.com/";
        RoutesAhead ahead = new RoutesAhead(source, List.of(slow));
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> ahead.decideAll(() -> false));
        source.entered.await(10, TimeUnit.SECONDS);

        CompletableFuture<Resolution> probe = CompletableFuture.supplyAsync(() -> ahead.resolve(URI.create(slow)));
        Thread.sleep(50);
        assertFalse(probe.isDone(), "waits while the URL is being decided");
        source.gate.countDown();

        assertEquals("DIRECT", probe.get(10, TimeUnit.SECONDS).toPacString());
        running.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(slow), source.asked, "decided once");
    }
}
