package dev.uplink.core.pac;

/**
 * Thrown from inside the interpreter when a sandbox limit is hit. An {@link Error} on purpose:
 * Rhino does not let script {@code catch} blocks intercept Java errors, so a script cannot
 * swallow its own time or memory limit.
 */
final class PacLimitExceeded extends Error {

    final PacScriptException.Reason reason;

    PacLimitExceeded(PacScriptException.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
