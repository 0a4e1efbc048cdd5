package dev.uplink.core.pac;

/**
 * A PAC script could not be used: too large, does not compile, has no entry point, failed at
 * run time, exceeded a sandbox limit or returned something that is not a proxy list. The
 * message names the PAC (its origin) and the cause, so a caller can log it and apply its
 * fallback (the next configuration source, or DIRECT).
 */
public class PacScriptException extends RuntimeException {

    /** Why the script failed; lets callers and {@code --explain} tell limits from script bugs. */
    public enum Reason {
        TOO_LARGE,
        SYNTAX,
        NO_ENTRY_POINT,
        SCRIPT_ERROR,
        TIME_LIMIT,
        STACK_LIMIT,
        MEMORY_LIMIT,
        SANDBOX_VIOLATION,
        BAD_RESULT
    }

    private final String origin;
    private final Reason reason;

    public PacScriptException(String origin, Reason reason, String cause) {
        this(origin, reason, cause, null);
    }

    public PacScriptException(String origin, Reason reason, String cause, Throwable throwable) {
        super("PAC script " + origin + ": " + cause, throwable);
        this.origin = origin;
        this.reason = reason;
    }

    public String origin() {
        return origin;
    }

    public Reason reason() {
        return reason;
    }
}
