package dev.uplink.collector.store;

import java.util.List;

/**
 * What one retention pass removed (docs/behaviour.md#partitions-and-retention): whole day partitions
 * dropped (PostgreSQL), and rows deleted one by one (SQLite; in PostgreSQL the undated and default
 * partitions).
 */
public record Retained(List<String> droppedPartitions, long deletedRows) {

    public Retained {
        droppedPartitions = List.copyOf(droppedPartitions);
    }
}
