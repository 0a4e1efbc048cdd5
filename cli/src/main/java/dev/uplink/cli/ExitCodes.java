package dev.uplink.cli;

/** The exit codes every command shares; documented in README.md. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A runtime failure: I/O error, a service that could not be reached, an unreachable URL in analyze. */
    public static final int RUNTIME = 1;
    /** A usage or validation error: nothing was written. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
