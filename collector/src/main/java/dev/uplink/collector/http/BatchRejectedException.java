package dev.uplink.collector.http;

/** A batch the collector refuses as a whole: 400 (malformed) or 413 (too large). Nothing of it is stored. */
public class BatchRejectedException extends Exception {

    private final int status;

    public BatchRejectedException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
