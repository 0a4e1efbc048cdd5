package dev.uplink.sensor.spool;

import java.util.ArrayList;
import java.util.List;

/** Records read in order; commit {@link #end()} once they are safely elsewhere. */
public record SpoolBatch(List<SpoolRecord> records, SpoolPosition start, SpoolPosition end, long bytes) {

    public SpoolBatch {
        records = List.copyOf(records);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** This batch followed by {@code more} (which must start where this one ends). */
    public SpoolBatch plus(SpoolBatch more) {
        if (more.isEmpty() && more.end.equals(end)) {
            return this;
        }
        List<SpoolRecord> all = new ArrayList<>(records);
        all.addAll(more.records);
        return new SpoolBatch(all, start, more.end, bytes + more.bytes);
    }
}
