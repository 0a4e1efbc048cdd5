package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.RandomAccess;

/**
 * A batch as the collector's decoder read it: its envelopes in order, and for each whether the
 * decoder saw that its payload cannot be a connectivity check (docs/behaviour.md#fleet-health): a
 * payload that is not an object, or whose top-level keys include no {@code type} whose string could
 * be {@code uplink.connectivity}. {@link HealthIngest} skips those without looking at them again;
 * any other list, and any event the decoder could not tell, gets the full test.
 */
public final class EventBatch extends AbstractList<EventEnvelope> implements RandomAccess {

    private final ArrayList<EventEnvelope> events;
    private final BitSet notChecks = new BitSet();

    public EventBatch(int expected) {
        events = new ArrayList<>(expected);
    }

    /** Appends {@code e}; {@code notACheck} only when its payload was seen to be no check. */
    public void add(EventEnvelope e, boolean notACheck) {
        if (notACheck) {
            notChecks.set(events.size());
        }
        events.add(e);
    }

    @Override
    public EventEnvelope get(int index) {
        return events.get(index);
    }

    @Override
    public int size() {
        return events.size();
    }

    /** True when event {@code index}'s payload was seen to be no connectivity check. */
    public boolean notACheck(int index) {
        return notChecks.get(index);
    }
}
