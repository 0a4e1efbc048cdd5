package dev.uplink.collector.store;

/** What one committed batch did: events newly stored and events dropped because their id was known. */
public record IngestResult(int accepted, int duplicates) {}
