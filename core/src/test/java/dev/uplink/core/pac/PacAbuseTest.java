package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.pac.PacScriptException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scripts that abuse single builtin calls (docs/behaviour.md#pac-sandbox-and-limits): each must end
 * within the time limit plus a grace with a limit failure, and leave the JVM healthy.
 */
class PacAbuseTest {

    private static final Duration LIMIT = Duration.ofMillis(500);
    private static final PacOptions OPTIONS =
            PacTestSupport.options().withTimeLimit(LIMIT).withMaxCallAllocation(64L << 20);
    /** Backtracking allocates heavily: without room the memory limit would end the regex cases before the clock. */
    private static final PacOptions ROOMY = OPTIONS.withMaxCallAllocation(4L << 30);

    private static final long MAX_MS = 2 * LIMIT.toMillis() + 1000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            indexOf of a long needle      | var s = 'a'.repeat(3e6); var n = 'a'.repeat(1e6) + 'b'; return s.indexOf(n) + '';   | TIME_LIMIT
            lastIndexOf of a long needle  | var s = 'a'.repeat(3e6); var n = 'b' + 'a'.repeat(1e6); return s.lastIndexOf(n) + ''; | TIME_LIMIT
            includes of a long needle     | var s = 'a'.repeat(3e6); var n = 'a'.repeat(1e6) + 'b'; return s.includes(n) + '';  | TIME_LIMIT
            split by a long separator     | var s = 'a'.repeat(3e6); var n = 'a'.repeat(1e6) + 'b'; return s.split(n) + '';     | TIME_LIMIT
            shExpMatch with a long text   | var s = 'a'.repeat(3e6); return shExpMatch(s, '*' + 'a'.repeat(1000) + 'b') + '';   | TIME_LIMIT
            indexOf in a loop             | var s = 'a'.repeat(4e6); var n = 'a'.repeat(30) + 'b'; while (true) s.indexOf(n);   | TIME_LIMIT
            split into characters         | var s = 'ab'.repeat(2e6); return s.split('').length + '';                              | MEMORY_LIMIT
            doubled string returned       | var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return s;                       | BAD_RESULT
            megabyte result               | return 'PROXY a.example:1; '.repeat(1e5);                                              | BAD_RESULT
            join of a big string 100x     | var s = 'x'.repeat(1e6); var a = []; for (var i = 0; i < 100; i++) a.push(s); return a.join(''); | MEMORY_LIMIT
            String() of a huge array      | var s = 'x'.repeat(1e6); var a = []; for (var i = 0; i < 100; i++) a.push(s); return String(a); | MEMORY_LIMIT
            JSON.stringify of a huge array | var s = 'x'.repeat(1e6); var a = []; for (var i = 0; i < 100; i++) a.push(s); return JSON.stringify(a); | MEMORY_LIMIT
            replace amplification         | var s = 'x'.repeat(1e6); return s.replace(/x/g, s);                                   | MEMORY_LIMIT
            replaceAll amplification      | var s = 'x'.repeat(1e6); return s.replaceAll('x', s);                                 | MEMORY_LIMIT
            concat amplification          | var s = 'x'.repeat(3e6); return s.concat(s, s);                                       | MEMORY_LIMIT
            catastrophic regex            | return /^(a+)+$/.test('a'.repeat(24) + 'b') + '';                                     | TIME_LIMIT
            catastrophic regex via match  | return ('a'.repeat(24) + 'b').match('^(a+)+$') + '';                                  | TIME_LIMIT
            deep recursion                | function f(n) { return f(n + 1); } return f(0);                                        | STACK_LIMIT
            """)
    void abuseEndsWithinTheLimit(String name, String body, Reason expected) {
        PacScript script = PacScript.compile(
                "function FindProxyForURL(url, host) { " + body + " }",
                "abuse.pac",
                expected == Reason.TIME_LIMIT ? ROOMY : OPTIONS);
        long start = System.nanoTime();
        PacScriptException e =
                assertThrows(PacScriptException.class, () -> script.evaluateAbandonable("http://x.example/"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("PAC script abuse.pac: "), e.getMessage());
        assertTrue(ms < MAX_MS, name + " took " + ms + " ms");
        assertHealthy();
    }

    @Test
    void stuckTopLevelFailsTheCompileInTime() {
        long start = System.nanoTime();
        PacScriptException e = assertThrows(
                PacScriptException.class,
                () -> PacScript.compileAbandonable(
                        "/^(a+)+$/.test('a'.repeat(24) + 'b'); function FindProxyForURL(u, h) { return 'DIRECT'; }",
                        "top.pac",
                        ROOMY));
        assertEquals(Reason.TIME_LIMIT, e.reason(), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < MAX_MS);
    }

    /** A resolver that ignores its timeout for stuck.example until released: one Java call that does not return. */
    private static final class StuckResolver implements HostResolver {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final long slowMillis;

        StuckResolver(long slowMillis) {
            this.slowMillis = slowMillis;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            return resolve(host, Duration.ofSeconds(2));
        }

        @Override
        public List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException {
            try {
                if (host.equals("stuck.example")) {
                    inside.incrementAndGet();
                    try {
                        release.await();
                    } finally {
                        inside.decrementAndGet();
                    }
                } else if (host.equals("slow.example")) {
                    Thread.sleep(slowMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1}));
        }
    }

    private static final String RESOLVING =
            "function FindProxyForURL(url, host) { return dnsResolve(host) == '10.0.0.1' ? 'DIRECT' : 'PROXY p:1'; }";

    @Test
    void stuckEvaluationIsAbandonedAndTheScriptRecoversWhenItEnds() throws Exception {
        StuckResolver resolver = new StuckResolver(0);
        PacOptions options = OPTIONS.withDnsTimeout(Duration.ofMillis(200)).withResolver(resolver);
        PacScript script = PacScript.compile(RESOLVING, "stuck.pac", options);
        try {
            // abandoned at the time limit + the lookup's own bound + the grace, not when the lookup ends
            long start = System.nanoTime();
            PacScriptException e =
                    assertThrows(PacScriptException.class, () -> script.evaluateAbandonable("http://stuck.example/"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Reason.TIME_LIMIT, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("abandoned"), e.getMessage());
            long due = LIMIT.toMillis() + 200 + PacWorker.GRACE.toMillis();
            assertTrue(ms >= due - 50 && ms < due + 1000, "abandoned after " + ms + " ms, due at " + due);
            assertEquals(1, resolver.inside.get(), "the abandoned execution is still stuck in the lookup");

            // while it is stuck, further calls fail at once instead of starting another stuck thread
            for (int i = 0; i < 3; i++) {
                long again = System.nanoTime();
                PacScriptException fast =
                        assertThrows(PacScriptException.class, () -> script.evaluateAbandonable("http://ok.example/"));
                assertEquals(Reason.TIME_LIMIT, fast.reason(), fast.getMessage());
                assertTrue(fast.getMessage().contains("has not ended yet"), fast.getMessage());
                assertTrue((System.nanoTime() - again) / 1_000_000 < 100, "a call while stuck waited");
            }
            assertEquals(1, resolver.inside.get());
        } finally {
            resolver.release.countDown();
        }
        // once it has ended (its abandoned flag ends it at the next limit check), the script works again
        long until = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                assertEquals(
                        "DIRECT",
                        script.evaluateAbandonable("http://ok.example/").raw());
                break;
            } catch (PacScriptException e) {
                assertTrue(e.getMessage().contains("has not ended yet"), e.getMessage());
                assertTrue(System.nanoTime() < until, "the script stayed refused after its stuck run ended");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void slowLookupWithinItsBoundIsNotAbandoned() {
        // DNS waits do not count against the time limit: a lookup slower than the limit but within the
        // DNS bound must not make the caller walk away
        PacOptions options = OPTIONS.withTimeLimit(Duration.ofMillis(300))
                .withDnsTimeout(Duration.ofMillis(1500))
                .withResolver(new StuckResolver(800));
        PacScript script = PacScript.compile(RESOLVING, "slow.pac", options);
        assertEquals(
                "DIRECT", script.evaluateAbandonable("http://slow.example/").raw());
    }

    @Test
    void ordinaryScriptsStayUnaffected() {
        PacScript script = PacScript.compile(
                "function FindProxyForURL(url, host) { var big = 'x'.repeat(1 << 20);"
                        + " if (url.indexOf('/api/') >= 0 && shExpMatch(host, '*.example') && big.length > 0)"
                        + " return ['PROXY a.example:3128', 'DIRECT'].join('; '); return 'DIRECT'; }",
                "fine.pac",
                OPTIONS);
        assertEquals(
                "PROXY a.example:3128; DIRECT",
                script.evaluateAbandonable("http://h.example/api/x").raw());
        assertEquals("DIRECT", script.evaluate("http://h.example/other").raw());
    }

    private static void assertHealthy() {
        assertEquals(
                "DIRECT",
                PacScript.compile("function FindProxyForURL(u, h) { return 'DIRECT'; }", "ok.pac", OPTIONS)
                        .evaluateAbandonable("http://x.example/")
                        .raw());
    }
}
