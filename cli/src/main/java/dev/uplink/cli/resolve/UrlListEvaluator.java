package dev.uplink.cli.resolve;

import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.pac.PacResult;
import dev.uplink.core.pac.PacScript;
import dev.uplink.core.pac.PacScriptException;
import dev.uplink.core.route.Reason;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.Route;
import dev.uplink.core.route.RouteResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code resolve --urls LIST}: one line in, one line out, in input order, never the whole list in
 * memory, so lists of millions of URLs stream through. A URL the script fails on is printed with the
 * fallback (DIRECT) and named on stderr; the exit code then says something went wrong.
 *
 * <p>A script proven pure (its answer depends on nothing but the URL: {@link PacScript#isMemoised})
 * is evaluated on several threads, each with its own script instance, in batches whose answers are
 * printed in input order (docs/behaviour.md#pac-list-evaluation). Any other script, and the machine's
 * own settings, are evaluated one URL after the other on this thread, as a browser would.
 */
final class UrlListEvaluator {
    private static final String EXPECTED = "one URL per line";
    private static final String NEWLINE = System.lineSeparator();
    /** URLs per task: large enough that handing a batch over costs little next to evaluating it. */
    private static final int BATCH = 256;

    private final RouteResolver resolver;
    private final PacScript script;
    private final PrintWriter err;
    private final int threads;
    /** Set by {@link #decide} when the machine's configured PAC failed for the URL just decided. */
    private String configuredPacFailure;

    private String label;
    private int failures;

    UrlListEvaluator(RouteResolver resolver, PacScript script, PrintWriter err) {
        this(resolver, script, err, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    UrlListEvaluator(RouteResolver resolver, PacScript script, PrintWriter err, int threads) {
        this.resolver = resolver;
        this.script = script;
        this.err = err;
        this.threads = threads;
    }

    int run(String list, PrintWriter out) {
        label = list.equals("-") ? "stdin" : list;
        String where = list.equals("-") ? "stdin" : "--urls " + list;
        try (BufferedReader in = open(list)) {
            if (script != null && script.isMemoised() && threads > 1) {
                runParallel(in, where, out);
            } else {
                runSequential(in, where, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
        out.flush();
        err.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    private void runSequential(BufferedReader in, String where, PrintWriter out) throws IOException {
        String line;
        int n = 0;
        while ((line = nextLine(in, out, where)) != null) {
            n++;
            String u = line.strip();
            if (u.isEmpty() || u.startsWith("#")) {
                continue;
            }
            Outcome o;
            try {
                String decision = decide(u);
                o = new Outcome(u, n, decision, null);
                if (configuredPacFailure != null) { // the configured PAC failed: DIRECT was the fallback
                    o = new Outcome(u, n, decision, configuredPacFailure);
                }
            } catch (PacScriptException | InvalidInputException e) {
                o = Outcome.failed(u, n, e);
            }
            print(o, out);
        }
    }

    /**
     * Batches of URLs go to a pool of threads; the answers are printed batch by batch in input order
     * as they complete, with at most a few batches per thread in flight (memory stays bounded). Before
     * a read that would wait for input, everything read so far is answered and flushed, as on the
     * sequential path.
     */
    private void runParallel(BufferedReader in, String where, PrintWriter out) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "uplink-pac-list");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<List<Outcome>>> inFlight = new ArrayDeque<>();
        try {
            List<Pending> batch = new ArrayList<>(BATCH);
            String line;
            int n = 0;
            while (true) {
                if (!in.ready()) {
                    submit(pool, batch, inFlight);
                    batch = new ArrayList<>(BATCH);
                    while (!inFlight.isEmpty()) {
                        printOldest(inFlight, out);
                    }
                    out.flush();
                }
                line = InputFiles.readLine(in, InputFiles.MAX_LINE_CHARS, where, EXPECTED);
                if (line == null) {
                    break;
                }
                n++;
                String u = line.strip();
                if (u.isEmpty() || u.startsWith("#")) {
                    continue;
                }
                batch.add(new Pending(u, n));
                if (batch.size() == BATCH) {
                    submit(pool, batch, inFlight);
                    batch = new ArrayList<>(BATCH);
                    if (inFlight.size() >= 4 * threads) {
                        printOldest(inFlight, out);
                    }
                }
            }
            submit(pool, batch, inFlight);
        } finally {
            // Also when a line is refused (too long): the answers before it are printed first, as on the
            // sequential path.
            while (!inFlight.isEmpty()) {
                printOldest(inFlight, out);
            }
            pool.shutdownNow();
        }
    }

    private void submit(ExecutorService pool, List<Pending> batch, ArrayDeque<Future<List<Outcome>>> inFlight) {
        if (!batch.isEmpty()) {
            inFlight.add(pool.submit(() -> evaluate(batch)));
        }
    }

    /** On a pool thread: only the script is touched, which is safe from any number of threads. */
    private List<Outcome> evaluate(List<Pending> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Outcome o;
            try {
                o = new Outcome(p.url(), p.line(), routes(script.evaluate(p.url())), null);
            } catch (PacScriptException | InvalidInputException e) {
                o = Outcome.failed(p.url(), p.line(), e);
            }
            outcomes.add(o);
        }
        return outcomes;
    }

    private void printOldest(ArrayDeque<Future<List<Outcome>>> inFlight, PrintWriter out) {
        List<Outcome> outcomes;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    outcomes = inFlight.peekFirst().get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is bounded by the per-URL time limit: keep waiting
                }
            }
        } catch (ExecutionException e) {
            inFlight.clear();
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // what the sequential path would have let through, for the command's handler
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        inFlight.removeFirst();
        for (Outcome o : outcomes) {
            print(o, out);
        }
    }

    private void print(Outcome o, PrintWriter out) {
        out.write(o.url());
        out.write('\t');
        out.write(o.decision());
        out.write(NEWLINE);
        if (o.error() != null) {
            out.flush(); // stdout before the stderr line that names it, as when every line was flushed
            err.println("uplink: " + label + " line " + o.line() + ": " + o.error());
            failures++;
        }
    }

    /**
     * The next line of the list; the output so far is flushed first when the input has nothing more
     * ready (a person or a program feeding URLs one at a time sees each answer at once), and only
     * then: a file's output goes out in blocks instead of one write per line.
     */
    private static String nextLine(BufferedReader in, PrintWriter out, String where) throws IOException {
        if (!in.ready()) {
            out.flush();
        }
        return InputFiles.readLine(in, InputFiles.MAX_LINE_CHARS, where, EXPECTED);
    }

    private String decide(String url) {
        configuredPacFailure = null;
        if (script == null) {
            Resolution r = resolver.resolve(url);
            configuredPacFailure = r.autoConfigFailure().map(Reason::message).orElse(null);
            return r.toPacString();
        }
        // Straight to the script: the resolver would turn a script failure into a silent DIRECT.
        return routes(script.evaluate(url));
    }

    private static String routes(PacResult r) {
        List<Route> routes = r.routes();
        if (routes.size() == 1) {
            return routes.get(0).toString();
        }
        StringBuilder s = new StringBuilder();
        for (Route route : routes) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(route);
        }
        return s.toString();
    }

    private static BufferedReader open(String list) {
        if (list.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            // Streamed, so no size limit; but only a regular file (a FIFO would block, a device never end).
            InputFiles.checkRegular(Path.of(list), "a file with one URL per line (or - for stdin)");
            return Files.newBufferedReader(Path.of(list), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read --urls " + list + ": " + e.getMessage(), e);
        }
    }

    private record Pending(String url, int line) {}

    /** One URL's answer: what is printed, and the stderr message when it is a fallback or an error. */
    private record Outcome(String url, int line, String decision, String error) {
        static Outcome failed(String url, int line, RuntimeException e) {
            if (e instanceof PacScriptException) {
                return new Outcome(url, line, "DIRECT", e.getMessage() + "; DIRECT used");
            }
            return new Outcome(url, line, "ERROR", e.getMessage());
        }
    }
}
