package dev.uplink.analyzer.probe;

import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacResult;
import dev.uplink.core.pac.PacScript;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles and runs a PAC script of its own, in memory, on a daemon thread, while the command still
 * reads its inputs: the script engine's and the sandbox's classes are loaded and initialised once,
 * before the probes start. Done by the first probes instead, the machine's PAC was compiled while
 * dozens of TLS handshakes held the CPU, and took over a second; the PAC method's probes waited for
 * it (bench/analyzer/README.md). The script uses no builtin that looks anything up: nothing leaves
 * the process.
 */
public final class PacWarmUp {
    static final String SCRIPT =
            "function FindProxyForURL(url, host) { return shExpMatch(host, '*.invalid') ? 'DIRECT' : 'PROXY"
                    + " warm-up.uplink.invalid:8080; DIRECT'; }";
    static final String URL = "https://warm-up.uplink.invalid/";

    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(30);

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private PacWarmUp() {}

    /** Starts the warm-up, once per process; returns at once. */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        run();
                    } catch (RuntimeException e) {
                        // only a warm-up: the probes meet and report any real PAC problem
                    }
                },
                "uplink-pac-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The way auto-configuration compiles and evaluates a machine's PAC (PacDecider); returns the result. */
    static PacResult run() {
        // Its own script cannot run away; the default limit (2 s of wall time, meant for a machine's
        // script) abandoned it on a loaded machine, where loading the engine's classes took longer.
        PacOptions options = PacOptions.defaults().withTimeLimit(WARM_UP_LIMIT);
        PacScript script = PacScript.compileAbandonable(SCRIPT, "uplink-pac-warm-up", options);
        return script.evaluateAbandonable(URL);
    }
}
