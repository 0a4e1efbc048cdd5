package dev.uplink.collector.health;

import java.time.Instant;

/** One check in a device's history: when, why, how many results and how many failed. */
public record CheckSummary(
        String checkId, String trigger, Instant startedAt, Instant finishedAt, int results, int failing) {}
