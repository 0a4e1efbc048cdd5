package dev.uplink.core.pac;

import dev.uplink.core.pac.PacScriptException.Reason;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.ast.AstRoot;

/**
 * A PAC script compiled once and evaluated many times in the sandbox described in
 * {@link PacContextFactory} and {@link PacGlobals}.
 *
 * <p>Thread-safety: {@link #evaluate} may be called from any number of threads. Each call
 * borrows a script instance (the script's own globals, on top of the frozen shared builtins)
 * from a pool, so calls never share mutable JavaScript state at the same time; the pool grows
 * to the peak concurrency. Like a browser's PAC context, an instance keeps its globals between
 * calls. Results of scripts proven pure by {@link PacPurityAnalyser} are memoised in a bounded
 * cache keyed by the URL.
 */
public final class PacScript {

    /**
     * Longest result FindProxyForURL may return (characters). A proxy list is a few dozen
     * characters; megabytes are an abuse and would be parsed and logged.
     */
    public static final int MAX_RESULT_CHARS = 32 * 1024;

    private final String origin;
    private final PacOptions options;
    private final PacContextFactory factory;
    private final Script script;
    private final ScriptableObject shared;
    private final TimeBuiltins timeBuiltins;
    /** Local time of the Date builtin and the time builtins: the injected clock's zone. */
    private final java.util.TimeZone timeZone;

    private final PacMemoisation memoisation;
    private final PacMemo memo;
    private final PacWorker worker;
    private final ConcurrentLinkedDeque<Instance> idle = new ConcurrentLinkedDeque<>();
    /** Parsing is a pure function of the returned string, and scripts return a handful of strings. */
    private final java.util.concurrent.ConcurrentHashMap<String, PacResultParser.Parsed> parsedResults =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The script's own global scope and its entry point. */
    private record Instance(Scriptable scope, Function entry, String entryName) {}

    private PacScript(String source, String origin, PacOptions options) {
        this.origin = origin;
        this.options = options;
        this.factory = new PacContextFactory(options.maxStackDepth());
        this.worker = new PacWorker(origin, options);
        this.timeZone = java.util.TimeZone.getTimeZone(options.clock().getZone());
        Context cx = factory.enterContext();
        try {
            AstRoot ast = parse(cx, source);
            PacMemoisation analysed = PacPurityAnalyser.analyse(ast);
            this.memoisation = options.memoCacheSize() > 0 || !analysed.on()
                    ? analysed
                    : PacMemoisation.impure("not memoised: disabled (cache size 0)");
            this.memo = memoisation.on() ? new PacMemo(options.memoCacheSize()) : null;
            this.script = cx.compileString(source, origin, 1, null);
            this.shared = PacGlobals.create(cx);
            this.timeBuiltins = new TimeBuiltins(cx, shared);
            idle.add(newInstance(cx));
        } catch (EvaluatorException e) {
            throw new PacScriptException(origin, Reason.SYNTAX, "does not compile: " + describe(e), e);
        } finally {
            Context.exit();
        }
    }

    /**
     * Compiles {@code source} and runs its top level once.
     *
     * @param origin names the script in errors and logs (its URL or file)
     * @throws PacScriptException when the script is over 1 MiB, does not compile, fails or exceeds a
     *                            limit in its top level, or defines no FindProxyForURL(Ex) function
     */
    public static PacScript compile(String source, String origin, PacOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(options, "options");
        if (source.length() > PacOptions.MAX_SCRIPT_CHARS) {
            throw new PacScriptException(
                    origin,
                    Reason.TOO_LARGE,
                    "is " + source.length() + " characters long; the limit is " + PacOptions.MAX_SCRIPT_CHARS
                            + " (1 MiB)");
        }
        return new PacScript(source, origin, options);
    }

    /**
     * Runs FindProxyForURLEx (when defined) or FindProxyForURL for {@code url}, after sanitising it
     * ({@link PacUrl}).
     *
     * @throws dev.uplink.core.InvalidInputException when {@code url} is not an absolute URL with a host
     * @throws PacScriptException                    when the script fails, exceeds a limit or returns a non-string
     */
    public PacResult evaluate(String url) {
        if (memo != null && url != null) {
            // Keyed by the caller's URL: sanitising is itself a pure function of it, so a hit skips that too.
            PacResult known = memo.get(url);
            if (known != null) {
                return known;
            }
        }
        PacResult result = run(PacUrl.of(url));
        if (memo != null) {
            memo.put(url, result.cached());
        }
        return result;
    }

    /**
     * {@link #evaluate} on a worker thread that the caller leaves when the time limit (plus a short
     * grace) is up, even if the script is stuck inside a builtin call: the caller gets a
     * {@link Reason#TIME_LIMIT} failure at once. While such an abandoned evaluation still runs, this
     * method fails at once. For callers that must not block (route decisions of a long-running
     * process); memoised results are answered on the caller's thread.
     */
    public PacResult evaluateAbandonable(String url) {
        if (memo != null && url != null) {
            PacResult known = memo.get(url);
            if (known != null) {
                return known;
            }
        }
        return worker.run(() -> evaluate(url));
    }

    /** {@link #compile} with its top-level run abandonable as in {@link #evaluateAbandonable}. */
    public static PacScript compileAbandonable(String source, String origin, PacOptions options) {
        Objects.requireNonNull(options, "options");
        return new PacWorker(origin, options).run(() -> compile(source, origin, options));
    }

    public PacMemoisation memoisation() {
        return memoisation;
    }

    public boolean isMemoised() {
        return memoisation.on();
    }

    public String origin() {
        return origin;
    }

    /** Whether the script defines FindProxyForURLEx (then the Microsoft IPv6 semantics apply). */
    public boolean usesFindProxyForURLEx() {
        Instance i = idle.peekFirst();
        return i != null && i.entryName().equals("FindProxyForURLEx");
    }

    private PacResult run(PacUrl target) {
        Instance pooled = idle.pollFirst();
        Context cx = factory.enterContext();
        try {
            Instance instance = pooled != null ? pooled : newInstance(cx);
            Object out;
            try {
                out = call(
                        cx,
                        () -> instance.entry()
                                .call(cx, instance.scope(), instance.scope(), new Object[] {target.url(), target.host()
                                }));
            } catch (PacScriptException e) {
                if (e.reason() == Reason.SCRIPT_ERROR) {
                    idle.addFirst(instance); // a script that throws for some URLs keeps its state, as in browsers
                }
                throw e; // a limit hit may have left the instance half-updated: it is dropped
            }
            idle.addFirst(instance);
            if (!(out instanceof CharSequence)) {
                throw new PacScriptException(
                        origin,
                        Reason.BAD_RESULT,
                        instance.entryName() + " returned "
                                + (out == null
                                        ? "null"
                                        : Context.toString(org.mozilla.javascript.ScriptRuntime.typeof(out)))
                                + " for " + target.url() + ", expected a string such as \"PROXY host:port; DIRECT\"");
            }
            int length = ((CharSequence) out).length(); // a rope's length is known without flattening it
            if (length > MAX_RESULT_CHARS) {
                throw new PacScriptException(
                        origin,
                        Reason.BAD_RESULT,
                        instance.entryName() + " returned " + length + " characters for " + target.url()
                                + "; the limit is " + MAX_RESULT_CHARS + " (a proxy list such as \"PROXY host:port;"
                                + " DIRECT\")");
            }
            String raw = out.toString();
            PacResultParser.Parsed parsed = parsedResults.computeIfAbsent(raw, PacResultParser::parse);
            if (parsedResults.size() > 1024) { // scripts return few distinct strings; bound the odd one that doesn't
                parsedResults.clear();
            }
            return new PacResult(parsed.routes(), raw, parsed.warnings(), false);
        } finally {
            Context.exit();
        }
    }

    private Instance newInstance(Context cx) {
        Scriptable scope = cx.newObject(shared);
        scope.setPrototype(shared);
        scope.setParentScope(null);
        call(cx, () -> {
            timeBuiltins.install(cx, scope); // first, as browsers run their library before the script
            return script.exec(cx, scope);
        });
        for (String name : new String[] {"FindProxyForURLEx", "FindProxyForURL"}) {
            if (ScriptableObject.getProperty(scope, name) instanceof Function f) {
                return new Instance(scope, f, name);
            }
        }
        throw new PacScriptException(origin, Reason.NO_ENTRY_POINT, "defines no function FindProxyForURL(url, host)");
    }

    private interface Body {
        Object run();
    }

    /** Runs script code under a fresh per-call budget and turns every way it can fail into a PacScriptException. */
    private Object call(Context cx, Body body) {
        PacCall call = new PacCall(options, origin);
        if (!(cx instanceof PacContext context)) { // entering joined a foreign Context: our limits would not apply
            throw new IllegalStateException("a PAC script cannot run inside another Rhino Context on the same thread");
        }
        context.running(call);
        cx.setTimeZone(timeZone);
        PacWorker.started(call);
        try {
            Object out = body.run();
            if (call.limitHit() != null || call.abandoned()) {
                // the script caught up after the limit (e.g. a finally block returned), or its caller left
                call.checkLimits();
            }
            return out;
        } catch (PacLimitExceeded e) {
            throw new PacScriptException(origin, e.reason, e.getMessage());
        } catch (StackOverflowError e) {
            throw new PacScriptException(origin, Reason.STACK_LIMIT, "recursed too deeply (Java stack exhausted)");
        } catch (OutOfMemoryError e) {
            throw new PacScriptException(origin, Reason.MEMORY_LIMIT, "ran out of memory (" + e.getMessage() + ")");
        } catch (RhinoException e) {
            if (call.limitHit() != null) {
                throw new PacScriptException(
                        origin, call.limitHit().reason, call.limitHit().getMessage());
            }
            if (e.getMessage() != null && e.getMessage().contains("Exceeded maximum stack depth")) {
                throw new PacScriptException(
                        origin, Reason.STACK_LIMIT, "exceeded the maximum call depth of " + options.maxStackDepth(), e);
            }
            throw new PacScriptException(origin, Reason.SCRIPT_ERROR, "failed: " + describe(e), e);
        } catch (RuntimeException e) { // a Rhino internal failure provoked by the script (e.g. an overflowing string)
            throw new PacScriptException(origin, Reason.SCRIPT_ERROR, "failed inside the engine: " + e, e);
        } finally {
            context.running(null);
        }
    }

    private AstRoot parse(Context cx, String source) {
        CompilerEnvirons env = new CompilerEnvirons();
        env.initFromContext(cx);
        env.setRecordingComments(false);
        env.setRecordingLocalJsDocComments(false);
        return new Parser(env).parse(source, origin, 1);
    }

    private static String describe(RhinoException e) {
        String where = e.lineNumber() > 0 ? " (line " + e.lineNumber() + ")" : "";
        return e.details() + where;
    }
}
