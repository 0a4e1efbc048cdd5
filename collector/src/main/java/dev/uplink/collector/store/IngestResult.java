package dev.uplink.collector.store;

/** What one committed batch did: events newly stored, and events dropped because their device had already sent their id. */
public record IngestResult(int accepted, int duplicates) {}
