package dev.uplink.cli.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.cli.ExitCodes;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacScript;
import dev.uplink.core.testing.Seeded;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The list path of {@code resolve --urls}: several threads for a pure script, one for any other, same output. */
class UrlListEvaluatorTest {
    @TempDir
    Path dir;

    /** Pure (memoisable): evaluated over a pool of threads. Throws for some hosts: the DIRECT fallback. */
    private static final String PURE = """
            function FindProxyForURL(url, host) {
              if (isPlainHostName(host)) return "DIRECT";
              if (shExpMatch(host, "*.fail.example")) return undefinedThing();
              if (dnsDomainIs(host, ".corp.example")) return "PROXY corp.example:8080; DIRECT";
              if (shExpMatch(url, "https:*")) return "HTTPS gw.example:443";
              return "PROXY p" + host.length % 7 + ".example:3128; SOCKS5 s.example:1080";
            }
            """;

    private record Run(int exit, String out, String err) {}

    private static Run run(PacScript script, String list, int threads) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new UrlListEvaluator(null, script, new PrintWriter(err, true), threads)
                .run(list, new PrintWriter(out, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String randomList(Random rnd, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            switch (rnd.nextInt(9)) {
                case 0 -> s.append("intranet").append(i);
                case 1 ->
                    s.append("http://w").append(i).append(".corp.example/x?").append(i);
                case 2 -> s.append("https://h").append(i).append(".fail.example/");
                case 3 -> s.append("not a url ").append(i);
                case 4 -> s.append(rnd.nextBoolean() ? "" : "# comment " + i);
                case 5 -> s.append("https://www").append(i).append(".example/");
                default ->
                    s.append("http://site")
                            .append(rnd.nextInt(1_000_000))
                            .append(".example/p/")
                            .append(i);
            }
            s.append(rnd.nextInt(20) == 0 ? "\r\n" : "\n");
        }
        return s.toString();
    }

    @Test
    @ExtendWith(Seeded.class)
    void aPureScriptOnSeveralThreadsPrintsWhatOneThreadPrintsInInputOrder(Random rnd) throws IOException {
        PacScript script = PacScript.compile(PURE, "pure.pac", PacOptions.defaults());
        assertTrue(script.isMemoised(), script.memoisation().reason());
        Path list = Files.writeString(dir.resolve("urls.txt"), randomList(rnd, 3_000 + rnd.nextInt(2_000)));
        Run sequential = run(PacScript.compile(PURE, "pure.pac", PacOptions.defaults()), list.toString(), 1);
        Run parallel = run(script, list.toString(), 4);
        assertEquals(ExitCodes.RUNTIME, sequential.exit()); // the failing hosts and the bad lines
        assertEquals(sequential.exit(), parallel.exit());
        assertEquals(sequential.out(), parallel.out());
        assertEquals(sequential.err(), parallel.err());
        assertTrue(parallel.err().contains("undefinedThing") && parallel.err().contains("; DIRECT used"));
        assertTrue(parallel.out().contains("\tERROR\n") && parallel.out().contains("\tDIRECT\n"));
    }

    @Test
    void aScriptWithStateBetweenCallsStaysOnOneInstanceInInputOrder() throws IOException {
        // Not pure (a counter kept between calls, as browsers allow): evaluated one URL after the other.
        PacScript script = PacScript.compile(
                "var n = 0; function FindProxyForURL(url, host) { n++; return 'PROXY p' + n + '.example:1'; }",
                "counter.pac",
                PacOptions.defaults());
        assertFalse(script.isMemoised());
        StringBuilder list = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 2_000; i++) {
            list.append("http://h").append(i).append(".example/\n");
            expected.append("http://h")
                    .append(i)
                    .append(".example/\tPROXY p")
                    .append(i)
                    .append(".example:1\n");
        }
        Path file = Files.writeString(dir.resolve("counter.txt"), list);
        Run r = run(script, file.toString(), 4);
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertEquals(expected.toString(), r.out());
    }

    /**
     * A program that feeds URLs one at a time on stdin gets each answer before it sends the next:
     * output is buffered only while more input is already there.
     */
    @Test
    void eachAnswerIsFlushedBeforeWaitingForMoreInput() throws Exception {
        PacScript script = PacScript.compile(PURE, "pure.pac", PacOptions.defaults());
        for (int threads : new int[] {1, 4}) {
            PipedOutputStream feed = new PipedOutputStream();
            InputStream stdin = System.in;
            StringBuffer seen = new StringBuffer();
            PrintWriter out = new PrintWriter(
                    new java.io.Writer() {
                        @Override
                        public void write(char[] c, int off, int len) {
                            pending.append(c, off, len);
                        }

                        private final StringBuilder pending = new StringBuilder();

                        @Override
                        public void flush() {
                            seen.append(pending);
                            pending.setLength(0);
                        }

                        @Override
                        public void close() {}
                    },
                    false);
            CompletableFuture<Integer> exit;
            System.setIn(new PipedInputStream(feed, 1 << 16));
            try {
                exit = CompletableFuture.supplyAsync(() ->
                        new UrlListEvaluator(null, script, new PrintWriter(new StringWriter()), threads).run("-", out));
                for (int i = 0; i < 3; i++) {
                    String url = "https://www" + i + ".example/";
                    feed.write((url + "\n").getBytes(StandardCharsets.UTF_8));
                    feed.flush();
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (!seen.toString().contains(url + "\tHTTPS gw.example:443\n")) {
                        assertTrue(
                                System.nanoTime() < deadline,
                                threads + " thread(s): no answer for " + url + " while waiting for input; seen: "
                                        + seen);
                        Thread.sleep(5);
                    }
                }
                feed.close();
                assertEquals(ExitCodes.OK, exit.get(20, TimeUnit.SECONDS));
            } finally {
                System.setIn(stdin);
            }
        }
    }
}
