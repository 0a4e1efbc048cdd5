package dev.uplink.sensor.spool;

/**
 * A place in the spool: the byte offset of a record boundary inside a segment, plus the
 * ordinal of that boundary among the segment's valid records. The ordinal lets the spool
 * report its depth in records without rescanning; it is not part of the ordering.
 */
public record SpoolPosition(long segment, long offset, long recordIndex) implements Comparable<SpoolPosition> {

    public SpoolPosition {
        if (segment < 1 || offset < 0 || recordIndex < 0) {
            throw new IllegalArgumentException("invalid spool position " + segment + "/" + offset + "#" + recordIndex);
        }
    }

    static SpoolPosition startOf(long segment) {
        return new SpoolPosition(segment, SegmentHeader.SIZE, 0);
    }

    @Override
    public int compareTo(SpoolPosition o) {
        int c = Long.compare(segment, o.segment);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    public boolean isAfter(SpoolPosition o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return segment + ":" + offset;
    }
}
