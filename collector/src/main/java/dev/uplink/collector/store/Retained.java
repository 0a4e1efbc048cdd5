package dev.uplink.collector.store;

import java.util.List;

/**
 * What one retention pass removed (docs/behaviour.md#partitions-and-retention): whole day partitions
 * dropped (PostgreSQL), and rows deleted one by one (SQLite; in PostgreSQL the undated and default
 * partitions); and the connectivity checks removed from fleet health, history and latest
 * (docs/behaviour.md#fleet-health).
 */
public record Retained(List<String> droppedPartitions, long deletedRows, long deletedChecks) {

    public Retained {
        droppedPartitions = List.copyOf(droppedPartitions);
    }

    public Retained(List<String> droppedPartitions, long deletedRows) {
        this(droppedPartitions, deletedRows, 0);
    }

    Retained withChecks(long checks) {
        return new Retained(droppedPartitions, deletedRows, deletedChecks + checks);
    }
}
