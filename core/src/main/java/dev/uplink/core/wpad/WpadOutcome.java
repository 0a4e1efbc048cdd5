package dev.uplink.core.wpad;

/** The outcome of one discovery step. */
public enum WpadOutcome {
    /** A PAC file was fetched from the candidate (HTTP 200, defines FindProxyForURL). */
    FOUND("found"),
    /** Nothing there: no option 252, no such host, connection refused, HTTP status other than 200. */
    NOT_FOUND("not-found"),
    /** The step or the overall discovery deadline ran out. */
    TIMEOUT("timeout"),
    /** Something answered but wrongly: a malformed lease file or option, a file that is not a PAC script. */
    ERROR("error");

    private final String label;

    WpadOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
