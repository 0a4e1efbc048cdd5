package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.pac.PacScriptException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile scripts: each must end with a clear PacScriptException, quickly, and leave the JVM usable. */
class PacSandboxTest {

    @TempDir
    Path dir;

    private static final PacOptions FAST = PacTestSupport.options().withTimeLimit(Duration.ofMillis(500));

    /** The script tries to create {@code marker}; whatever it manages, the file must not exist afterwards. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            java.lang.Runtime               | java.lang.Runtime.getRuntime().exec(["touch", MARKER]);
            Packages                        | new Packages.java.io.FileOutputStream(MARKER);
            importPackage                   | importPackage(java.io); new FileOutputStream(MARKER);
            getClass                        | getClass("java.io.File");
            constructor chain               | this.constructor.constructor("return java.lang.Runtime")().getRuntime();
            Function constructor            | Function("return this")();
            Function via a function         | (function(){}).constructor("return 1")();
            generator function constructor  | (function*(){}).constructor("yield 1")().next();
            eval                            | eval("1 + 1");
            JavaImporter                    | new JavaImporter(java.io);
            String.getClass                 | "".getClass().forName("java.lang.Runtime");
            __proto__ walking               | ({}).__proto__.constructor.constructor("return 1")();
            """)
    void hostAccessIsImpossible(String name, String attack) {
        Path marker = dir.resolve("marker-" + name.replace(' ', '-').replace('.', '-'));
        String source = "function FindProxyForURL(url, host) { var MARKER = '" + marker + "'; " + attack
                + " return 'DIRECT'; }";
        PacScriptException e = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile(source, "evil.pac", FAST).evaluate("http://x.example/"));
        assertEquals(Reason.SCRIPT_ERROR, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("PAC script evil.pac: failed: "), e.getMessage());
        assertFalse(Files.exists(marker), "the script created " + marker);
    }

    @Test
    void hostNamesAreNotEvenDefined() {
        String source =
                "function FindProxyForURL(url, host) { return [typeof java, typeof Packages, typeof importPackage,"
                        + " typeof getClass, typeof JavaAdapter, typeof Script, typeof XML].join(','); }";
        assertEquals(
                String.join(",", java.util.Collections.nCopies(7, "undefined")),
                PacScript.compile(source, "probe.pac", FAST)
                        .evaluate("http://x.example/")
                        .raw());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            infinite loop                | while (true) {}                                               | TIME_LIMIT
            loop that catches            | while (true) { try { while (true) {} } catch (e) {} }        | TIME_LIMIT
            loop with finally return     | try { while (true) {} } finally { return "DIRECT"; }         | TIME_LIMIT
            unbounded recursion          | function f(n) { return f(n + 1); } return f(0);              | STACK_LIMIT
            recursion through sort       | [1, 2].sort(function g() { [1, 2].sort(g); return 0; });     | STACK_LIMIT
            growing array                | var a = []; while (true) a.push("xxxxxxxxxxxxxxxxxxxxxxxx" + a.length); | MEMORY_LIMIT
            doubling string              | var s = "x"; while (true) { s += s; s.indexOf("y"); }        | MEMORY_LIMIT
            doubled string flattened     | var s = "x"; for (var i = 0; i < 29; i++) s += s; return s.substring(1); | MEMORY_LIMIT
            repeat                       | return "x".repeat(1e9);                                       | MEMORY_LIMIT
            padStart                     | return "x".padStart(2e9);                                     | MEMORY_LIMIT
            huge array join              | return new Array(1e9).join("x");                              | MEMORY_LIMIT
            huge array fill              | return new Array(1e9).fill(1).length + "";                    | MEMORY_LIMIT
            """)
    void limitsEndRunawayScripts(String name, String body, Reason expected) {
        // Only the limit under test may end the script: a memory or stack row gets a clock it cannot
        // reach on a loaded machine (the doubling string needs ~0.3 s of flattening before its string
        // is refused), so its outcome does not depend on which limit a busy CPU lets fire first.
        PacOptions options = (expected == Reason.TIME_LIMIT ? FAST : FAST.withTimeLimit(Duration.ofSeconds(8)))
                .withMaxCallAllocation(64L << 20);
        long start = System.nanoTime();
        PacScriptException e = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile("function FindProxyForURL(url, host) { " + body + " }", "bomb.pac", options)
                        .evaluate("http://x.example/"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("PAC script bomb.pac: "), e.getMessage());
        assertTrue(ms < 10_000, "took " + ms + " ms");
        // the JVM is still healthy: a normal script works right after
        assertEquals(
                "DIRECT",
                PacScript.compile("function FindProxyForURL(u, h) { return 'DIRECT'; }", "ok.pac", FAST)
                        .evaluate("http://x.example/")
                        .raw());
    }

    @Test
    void timeLimitIsPerCallAndConfigurable() {
        PacScript s = PacScript.compile(
                "function FindProxyForURL(url, host) { if (host == 'loop.example') while (true) {} return 'DIRECT'; }",
                "loop.pac",
                PacTestSupport.options().withTimeLimit(Duration.ofMillis(300)));
        long start = System.nanoTime();
        PacScriptException e = assertThrows(PacScriptException.class, () -> s.evaluate("http://loop.example/"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 300 && ms < 3000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("exceeded the time limit of 300 ms"), e.getMessage());
        assertEquals("DIRECT", s.evaluate("http://fine.example/").raw()); // the script is still usable afterwards
    }

    @Test
    void topLevelInfiniteLoopFailsTheCompile() {
        PacScriptException e = assertThrows(
                PacScriptException.class,
                () -> PacScript.compile(
                        "while (true) {} function FindProxyForURL(u, h) { return 'DIRECT'; }", "top.pac", FAST));
        assertEquals(Reason.TIME_LIMIT, e.reason());
    }

    @Test
    void twoMebibyteScriptIsRefusedBeforeCompiling() {
        String big = "// " + "x".repeat(2 << 20) + "\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }";
        long start = System.nanoTime();
        PacScriptException e = assertThrows(PacScriptException.class, () -> PacScript.compile(big, "big.pac", FAST));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("big.pac") && e.getMessage().contains("1 MiB"), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
    }

    @Test
    void builtinsCannotBeReplacedForOtherInstances() {
        String source = "dnsDomainIs = function () { return true; };\n"
                + "function FindProxyForURL(url, host) { return dnsDomainIs(host, '.nope') ? 'PROXY evil.example:1' : 'DIRECT'; }";
        assertEquals(
                "DIRECT",
                PacScript.compile(source, "replace.pac", FAST)
                        .evaluate("http://a.example/")
                        .raw());
    }
}
