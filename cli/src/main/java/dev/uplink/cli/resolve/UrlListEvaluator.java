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
import java.util.stream.Collectors;

/**
 * {@code resolve --urls LIST}: one line in, one line out, never the whole list in memory, so
 * lists of millions of URLs stream through. A URL the script fails on is printed with the
 * fallback (DIRECT) and named on stderr; the exit code then says something went wrong.
 */
final class UrlListEvaluator {
    private static final String EXPECTED = "one URL per line";

    private final RouteResolver resolver;
    private final PacScript script;
    private final PrintWriter err;
    /** Set by {@link #decide} when the machine's configured PAC failed for the URL just decided. */
    private String configuredPacFailure;

    UrlListEvaluator(RouteResolver resolver, PacScript script, PrintWriter err) {
        this.resolver = resolver;
        this.script = script;
        this.err = err;
    }

    int run(String list, PrintWriter out) {
        int failures = 0;
        try (BufferedReader in = open(list)) {
            String line;
            int n = 0;
            String where = list.equals("-") ? "stdin" : "--urls " + list;
            while ((line = InputFiles.readLine(in, InputFiles.MAX_LINE_CHARS, where, EXPECTED)) != null) {
                n++;
                String u = line.strip();
                if (u.isEmpty() || u.startsWith("#")) {
                    continue;
                }
                try {
                    out.print(u);
                    out.print('\t');
                    out.println(decide(u));
                    if (configuredPacFailure != null) { // the configured PAC failed: DIRECT was the fallback
                        err.println("uplink: " + (list.equals("-") ? "stdin" : list) + " line " + n + ": "
                                + configuredPacFailure);
                        failures++;
                    }
                } catch (PacScriptException e) {
                    out.println("DIRECT");
                    err.println("uplink: " + (list.equals("-") ? "stdin" : list) + " line " + n + ": " + e.getMessage()
                            + "; DIRECT used");
                    failures++;
                } catch (InvalidInputException e) {
                    out.println("ERROR");
                    err.println(
                            "uplink: " + (list.equals("-") ? "stdin" : list) + " line " + n + ": " + e.getMessage());
                    failures++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
        out.flush();
        err.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    private String decide(String url) {
        configuredPacFailure = null;
        if (script == null) {
            Resolution r = resolver.resolve(url);
            configuredPacFailure = r.autoConfigFailure().map(Reason::message).orElse(null);
            return r.toPacString();
        }
        // Straight to the script: the resolver would turn a script failure into a silent DIRECT.
        PacResult r = script.evaluate(url);
        return r.routes().stream().map(Route::toString).collect(Collectors.joining("; "));
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
}
