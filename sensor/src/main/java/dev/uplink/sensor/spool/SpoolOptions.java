package dev.uplink.sensor.spool;

import java.time.Duration;

/**
 * Limits of a spool. {@code maxBytes} bounds the segment files on disk; {@code minFreeDiskBytes}
 * keeps the spool from ever running the file system into ENOSPC (which would be a write error
 * and stop intake) — low disk is treated like a full spool instead: appends wait, then fail.
 */
public record SpoolOptions(
        long maxBytes, long segmentBytes, int maxRecordBytes, Duration fullTimeout, long minFreeDiskBytes) {
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final Duration DEFAULT_FULL_TIMEOUT = Duration.ofSeconds(5);
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 16L << 20;

    public SpoolOptions {
        if (maxRecordBytes < 1 || maxRecordBytes > RecordCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be 1.." + RecordCodec.MAX_PAYLOAD + ", got " + maxRecordBytes);
        }
        long minSegment = SegmentHeader.SIZE + RecordCodec.encodedSize(maxRecordBytes);
        if (segmentBytes < minSegment) {
            throw new IllegalArgumentException(
                    "segmentBytes must hold one maximal record (>= " + minSegment + "), got " + segmentBytes);
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException(
                    "maxBytes must be at least two segments (" + 2 * segmentBytes + "), got " + maxBytes);
        }
        if (fullTimeout.isNegative() || minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("fullTimeout and minFreeDiskBytes must not be negative");
        }
    }

    public static SpoolOptions defaults() {
        return new SpoolOptions(
                DEFAULT_MAX_BYTES,
                DEFAULT_SEGMENT_BYTES,
                DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_FULL_TIMEOUT,
                DEFAULT_MIN_FREE_DISK_BYTES);
    }

    public SpoolOptions withMaxBytes(long v) {
        return new SpoolOptions(v, segmentBytes, maxRecordBytes, fullTimeout, minFreeDiskBytes);
    }

    public SpoolOptions withSegmentBytes(long v) {
        return new SpoolOptions(maxBytes, v, maxRecordBytes, fullTimeout, minFreeDiskBytes);
    }

    public SpoolOptions withMaxRecordBytes(int v) {
        return new SpoolOptions(maxBytes, segmentBytes, v, fullTimeout, minFreeDiskBytes);
    }

    public SpoolOptions withFullTimeout(Duration v) {
        return new SpoolOptions(maxBytes, segmentBytes, maxRecordBytes, v, minFreeDiskBytes);
    }

    public SpoolOptions withMinFreeDiskBytes(long v) {
        return new SpoolOptions(maxBytes, segmentBytes, maxRecordBytes, fullTimeout, v);
    }
}
