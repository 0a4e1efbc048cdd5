package dev.uplink.collector.auth;

/**
 * A request that may not proceed: 401 (who are you?) or 403 (we know you, and the answer is no).
 * The reason is safe to send back and to log: it never contains a secret.
 */
public class AuthException extends Exception {

    private final int status;
    private final String code;

    public AuthException(int status, String reason) {
        this(status, null, reason);
    }

    /** With a machine-readable {@code code} for the client to act on (null: none). */
    public AuthException(int status, String code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
