package dev.uplink.core.autoconfig;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacResult;
import dev.uplink.core.pac.PacScript;
import dev.uplink.core.pac.PacScriptException;
import dev.uplink.core.route.AutoConfigDecider;
import dev.uplink.core.route.AutoConfigDecision;
import dev.uplink.core.route.Reason;
import dev.uplink.core.wpad.WpadConfig;
import dev.uplink.core.wpad.WpadDiscovery;
import dev.uplink.core.wpad.WpadDiscoveryCache;
import dev.uplink.core.wpad.WpadResult;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Auto-configuration for the resolver (Chromium's {@code PacFileDecider}): finds the PAC script
 * (WPAD first when {@code AutoDetect} is on, as WinHTTP does, then {@code AutoconfigUrl}),
 * compiles it once per distinct text, and evaluates it per URL. Never throws: a missing or broken
 * script is a failed decision, and the resolver falls back with the reason.
 */
public final class PacDecider implements AutoConfigDecider {
    private final String autoconfigUrl;
    private final Supplier<WpadResult> wpad;
    private final PacFetcher fetcher;
    private final PacOptions options;
    private final Compiler compiler;
    /** Held while a script is compiled: callers that arrive meanwhile wait for it instead of compiling it again. */
    private final Object compiling = new Object();

    private volatile Compiled compiled;

    /** How a fetched text becomes a script (a seam for tests that count compilations). */
    @FunctionalInterface
    interface Compiler {
        PacScript compile(String source, String origin, PacOptions options);
    }

    /** The script compiled from {@code source}, or why it did not compile (kept so a bad text is not retried per URL). */
    private record Compiled(String source, PacScript script, PacScriptException error) {}

    /**
     * @param wpad null when WPAD is not to be used; otherwise a (cached) discovery
     */
    public PacDecider(WinHttpSettings settings, PacFetcher fetcher, WpadDiscoveryCache wpad, PacOptions options) {
        this(settings, fetcher, wpad, options, PacScript::compileAbandonable);
    }

    PacDecider(
            WinHttpSettings settings,
            PacFetcher fetcher,
            WpadDiscoveryCache wpad,
            PacOptions options,
            Compiler compiler) {
        this.autoconfigUrl = settings.autoconfigUrl();
        this.wpad = settings.autoDetect() && wpad != null ? wpad::get : null;
        this.fetcher = fetcher;
        this.options = options;
        this.compiler = compiler;
    }

    /**
     * The machine's auto-configuration with default fetching, WPAD and sandbox limits; null when
     * the settings enable none (so the resolver skips that step).
     */
    public static PacDecider forSettings(WinHttpSettings settings) {
        return forSettings(settings, PacOptions.defaults());
    }

    public static PacDecider forSettings(WinHttpSettings settings, PacOptions options) {
        if (!settings.hasAutoConfiguration()) {
            return null;
        }
        WpadDiscoveryCache wpad = null;
        if (settings.autoDetect()) {
            WpadConfig config = WpadConfig.defaults();
            wpad = new WpadDiscoveryCache(new WpadDiscovery(config), config);
        }
        return new PacDecider(settings, new PacFetcher(), wpad, options);
    }

    /** Only this script decides ({@code uplink resolve --pac}). */
    public static PacDecider forScript(PacScript script) {
        return new PacDecider(script);
    }

    private PacDecider(PacScript script) {
        this.autoconfigUrl = script.origin();
        this.wpad = null;
        this.fetcher = null;
        this.options = null;
        this.compiler = null;
        this.compiled = new Compiled(null, script, null);
    }

    @Override
    public AutoConfigDecision decide(URI url) {
        Reason.Source source = Reason.Source.PAC;
        String pacUrl = autoconfigUrl;
        try {
            PacScript script;
            if (fetcher == null) {
                script = compiled.script();
            } else {
                String text = null;
                if (wpad != null) {
                    WpadResult found = wpad.get();
                    if (found.found()) {
                        source = Reason.Source.WPAD;
                        pacUrl = found.pacUrl().toString();
                        text = found.pacScript();
                    }
                }
                if (text == null) {
                    if (autoconfigUrl == null) {
                        return AutoConfigDecision.failed(Reason.Source.WPAD, null, "WPAD discovery found no PAC file");
                    }
                    text = fetcher.fetch(autoconfigUrl);
                }
                script = compile(text, pacUrl);
            }
            PacResult result;
            try {
                result = script.evaluateAbandonable(url.toString());
            } catch (PacScriptException e) {
                distrust(pacUrl, source);
                throw e;
            }
            String note = "memoisation " + (script.isMemoised() ? "on" : "off") + ": "
                    + script.memoisation().reason()
                    + (result.warnings().isEmpty() ? "" : "; ignored: " + String.join(", ", result.warnings()));
            return AutoConfigDecision.found(source, pacUrl, result.raw(), result.routes(), note);
        } catch (PacScriptException | PacFetchException | InvalidInputException e) {
            return AutoConfigDecision.failed(source, pacUrl, e.getMessage());
        }
    }

    /**
     * The script for {@code text}, compiled once (docs/behaviour.md#pac-fetching-and-caching): the
     * first decisions of a run come from many threads at once (the analyzer's probes), and each
     * compiled the same text itself, cold, all competing for the CPU (bench/analyzer/README.md).
     * The wait is bounded by the compilation's time limit ({@link PacScript#compileAbandonable}).
     */
    private PacScript compile(String text, String origin) {
        Compiled c = compiled;
        if (c == null || !text.equals(c.source())) {
            synchronized (compiling) {
                c = compiled;
                if (c == null || !text.equals(c.source())) {
                    try {
                        c = new Compiled(text, compiler.compile(text, origin, options), null);
                    } catch (PacScriptException e) {
                        c = new Compiled(text, null, e);
                    }
                    compiled = c;
                }
            }
        }
        if (c.error() != null) {
            if (origin.equals(autoconfigUrl)) {
                fetcher.recheckSoon(origin);
            }
            throw c.error();
        }
        return c.script();
    }

    /**
     * A script that fails must not stay in force for the rest of its cache lifetime (up to 12 hours):
     * the administrator's fix is fetched again soon (see docs/behaviour.md#auto-configuration-decisions).
     */
    private void distrust(String pacUrl, Reason.Source source) {
        if (fetcher != null && source == Reason.Source.PAC && pacUrl != null) {
            fetcher.recheckSoon(pacUrl);
        }
    }
}
