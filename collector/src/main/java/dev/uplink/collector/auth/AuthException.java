package dev.uplink.collector.auth;

/**
 * A request that may not proceed: 401 (who are you?) or 403 (we know you, and the answer is no).
 * The reason is safe to send back and to log: it never contains a secret.
 */
public class AuthException extends Exception {

    private final int status;

    public AuthException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
