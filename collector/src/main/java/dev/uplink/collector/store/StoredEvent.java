package dev.uplink.collector.store;

import java.time.Instant;

/** An event as committed: who sent it, when it arrived, and the payload JSON text as received. */
public record StoredEvent(String id, String deviceId, Instant receivedAt, String payloadJson) {}
