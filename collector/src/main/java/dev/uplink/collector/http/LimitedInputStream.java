package dev.uplink.collector.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with {@link LimitExceeded} once more than {@code limit} bytes were read, so that neither a
 * long body nor a small gzip bomb can make the collector read (or inflate) without bound.
 */
final class LimitedInputStream extends FilterInputStream {

    /** An IOException so that decoders (GZIPInputStream, readers) pass it through unchanged. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    private final long limit;
    private final String what;
    private long count;

    LimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(Math.min(n, limit - count + 1));
        add(s);
        return s;
    }

    private void add(long n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            throw new LimitExceeded(what + " is larger than " + limit + " bytes");
        }
    }
}
