package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.pac.PacScriptException.Reason;
import dev.uplink.core.route.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PacScriptTest {

    @Test
    void scriptSeesSanitisedUrlAndHost() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) { return url + ' ' + host; }",
                "echo.pac",
                PacTestSupport.options());
        assertEquals(
                "https://www.example.com/ www.example.com",
                s.evaluate("https://user:pw@WWW.example.com/secret?token=1#f").raw());
        assertEquals(
                "http://[fd00::1]:8080/a?b fd00::1",
                s.evaluate("http://[fd00::1]:8080/a?b#c").raw());
    }

    @Test
    void resultIsParsedIntoRoutesWithWarnings() {
        PacResult r = PacScript.compile(
                        "function FindProxyForURL(u, h) { return 'PROXY a.example:3128; BOGUS x; DIRECT'; }",
                        "r.pac",
                        PacTestSupport.options())
                .evaluate("http://x.example/");
        assertEquals(
                List.of("PROXY a.example:3128", "DIRECT"),
                r.routes().stream().map(Route::toString).toList());
        assertEquals(1, r.warnings().size());
        assertEquals("PROXY a.example:3128; BOGUS x; DIRECT", r.raw());
    }

    @Test
    void findProxyForUrlExIsPreferred() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(u, h) { return 'PROXY old.example:1'; }\n"
                        + "function FindProxyForURLEx(u, h) { return 'PROXY new.example:2'; }",
                "ex.pac",
                PacTestSupport.options());
        assertTrue(s.usesFindProxyForURLEx());
        assertEquals("PROXY new.example:2", s.evaluate("http://x.example/").raw());
    }

    @Test
    void atMostTwentyDistinctLookupsPerCall() {
        PacTestSupport.FakeResolver resolver = new PacTestSupport.FakeResolver();
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) {\n"
                        + "  var ok = 0;\n"
                        + "  for (var i = 0; i < 30; i++) { if (isResolvable('n' + i + '.numbered.example')) ok++; }\n"
                        + "  for (var j = 0; j < 5; j++) { isResolvable('n0.numbered.example'); }\n"
                        + "  return 'DIRECT; ' + ok; }",
                "dns.pac",
                PacTestSupport.options(resolver));
        assertEquals("DIRECT; 20", s.evaluate("http://x.example/").raw());
        assertEquals(20, resolver.asked.size());
        assertEquals("DIRECT; 20", s.evaluate("http://y.example/").raw()); // the budget is per call
        assertEquals(40, resolver.asked.size());
    }

    @Test
    void ipLiteralsNeedNoLookup() {
        PacTestSupport.FakeResolver resolver = new PacTestSupport.FakeResolver();
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) { return isInNet(host, '10.0.0.0', '255.0.0.0') ? 'DIRECT' : 'PROXY p.example:1'; }",
                "ip.pac",
                PacTestSupport.options(resolver));
        assertEquals("DIRECT", s.evaluate("http://10.3.4.5/").raw());
        assertEquals("PROXY p.example:1", s.evaluate("http://[2001:db8::1]/").raw());
        assertTrue(resolver.asked.isEmpty(), resolver.asked.toString());
    }

    @Test
    void pureScriptsAreMemoised() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) { return shExpMatch(host, '*.corp.example') ? 'DIRECT' : 'PROXY p.example:8080'; }",
                "pure.pac",
                PacTestSupport.options());
        assertTrue(s.isMemoised(), s.memoisation().reason());
        PacResult first = s.evaluate("http://a.corp.example/x");
        PacResult second = s.evaluate("http://a.corp.example/x");
        assertFalse(first.fromCache());
        assertTrue(second.fromCache());
        assertEquals(first.routes(), second.routes());
    }

    @Test
    void memoCacheIsBounded() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) { return 'DIRECT'; }",
                "b.pac",
                PacTestSupport.options().withMemoCacheSize(10));
        for (int i = 0; i < 100; i++) {
            s.evaluate("http://h" + i + ".example/");
        }
        assertTrue(s.isMemoised());
        assertFalse(s.evaluate("http://h0.example/").fromCache());
    }

    @Test
    void impureScriptsAreNotMemoisedAndKeepStateLikeBrowsers() {
        PacScript s = PacScript.compile(
                "var calls = 0; function FindProxyForURL(url, host) { calls++; return 'PROXY p' + calls + '.example:1'; }",
                "count.pac",
                PacTestSupport.options());
        assertFalse(s.isMemoised());
        assertTrue(s.memoisation().reason().contains("calls"), s.memoisation().reason());
        assertEquals("PROXY p1.example:1", s.evaluate("http://x.example/").raw());
        assertEquals("PROXY p2.example:1", s.evaluate("http://x.example/").raw());
        assertFalse(s.evaluate("http://x.example/").fromCache());
    }

    @Test
    void nonStringResultIsAnError() {
        for (String ret : new String[] {"42", "null", "undefined", "{}", "['DIRECT']"}) {
            PacScript s = PacScript.compile(
                    "function FindProxyForURL(u, h) { return " + ret + "; }", "bad.pac", PacTestSupport.options());
            PacScriptException e = assertThrows(PacScriptException.class, () -> s.evaluate("http://x.example/"));
            assertEquals(Reason.BAD_RESULT, e.reason(), ret);
            assertTrue(
                    e.getMessage().contains("bad.pac") && e.getMessage().contains("expected a string"), e.getMessage());
        }
    }

    @Test
    void emptyStringMeansDirect() {
        PacResult r = PacScript.compile(
                        "function FindProxyForURL(u, h) { return ''; }", "e.pac", PacTestSupport.options())
                .evaluate("http://x.example/");
        assertEquals(List.of(Route.DIRECT), r.routes());
    }

    @Test
    void compileErrorsNameThePac() {
        PacScriptException syntax = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile(
                        "function FindProxyForURL(u, h) { return 'DIRECT' ",
                        "http://wpad/wpad.dat",
                        PacTestSupport.options()));
        assertEquals(Reason.SYNTAX, syntax.reason());
        assertTrue(
                syntax.getMessage().startsWith("PAC script http://wpad/wpad.dat: does not compile"),
                syntax.getMessage());
        PacScriptException none = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile("var FindProxyForURL = 3;", "none.pac", PacTestSupport.options()));
        assertEquals(Reason.NO_ENTRY_POINT, none.reason());
        PacScriptException thrown = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile(
                                "function FindProxyForURL(u, h) { throw new Error('nope'); }",
                                "t.pac",
                                PacTestSupport.options())
                        .evaluate("http://x.example/"));
        assertEquals(Reason.SCRIPT_ERROR, thrown.reason());
        assertTrue(thrown.getMessage().contains("nope"), thrown.getMessage());
    }

    @Test
    void badUrlIsInvalidInput() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(u, h) { return 'DIRECT'; }", "u.pac", PacTestSupport.options());
        assertThrows(InvalidInputException.class, () -> s.evaluate("not a url"));
    }

    @Test
    void concurrentCallsAreIsolated() throws Exception {
        // Impure on purpose (global written in the call): each call must still see its own host.
        PacScript s = PacScript.compile(
                "var current; function FindProxyForURL(url, host) {\n"
                        + "  current = host; for (var i = 0; i < 2000; i++) {}\n"
                        + "  return 'PROXY ' + current + ':8080'; }",
                "mt.pac",
                PacTestSupport.options());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String host = "t" + thread + "-" + i + ".example";
                        if (!s.evaluate("http://" + host + "/").raw().equals("PROXY " + host + ":8080")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
