package dev.uplink.collector.store;

import java.util.Objects;

/** One event as a sensor sends it: a unique id (the dedupe key) and the payload as JSON text. */
public record EventEnvelope(String id, String payloadJson) {
    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
