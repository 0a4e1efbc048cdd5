package dev.uplink.core.pac;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * A Rhino Context that carries the budget of the running script execution ({@link PacCall}) in a
 * plain field. The builtins and the instruction observer look the budget up on every call; in
 * Context's generic thread-local map that was a hash lookup per builtin call, measurable in
 * table-driven scripts that call dnsDomainIs in a loop.
 */
final class PacContext extends Context {

    private PacCall call;

    PacContext(ContextFactory factory) {
        super(factory);
    }

    /** Makes {@code running} the execution in progress on this context; null when it ends. */
    void running(PacCall running) {
        this.call = running;
    }

    /** The running execution of {@code cx}, or null when {@code cx} is not a PAC context or runs nothing. */
    static PacCall callOf(Context cx) {
        return cx instanceof PacContext p ? p.call : null;
    }
}
