package dev.uplink.collector.http;

/** A batch the collector refuses as a whole: 400 (malformed) or 413 (too large). Nothing of it is stored. */
public class BatchRejectedException extends Exception {

    private final int status;

    public BatchRejectedException(int status, String reason) {
        super(printable(reason));
        this.status = status;
    }

    /** Reasons may quote client bytes (a parser's "unrecognized token"): keep logs and replies one short clean line. */
    private static String printable(String reason) {
        String s = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    public int status() {
        return status;
    }
}
