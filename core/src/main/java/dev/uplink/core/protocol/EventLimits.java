package dev.uplink.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The limits of one event, which the sensor's intake and the collector must apply identically: an
 * event the intake acknowledged and the collector then refused would take its whole batch with it
 * (docs/behaviour.md#event-envelope). Defined once, and both ends parse with {@link #JSON}, so a
 * Jackson upgrade (or a process-wide override of its defaults) cannot move one end alone.
 */
public final class EventLimits {

    /** The envelope line, payload included, without its line end. */
    public static final int MAX_EVENT_BYTES = 1 << 20;
    /** The envelope's {@code id}, the collector's dedupe key. */
    public static final int MAX_ID_LENGTH = 128;
    /** Objects and arrays open at once in the envelope line; Jackson's own default in 2.18, pinned. */
    public static final int MAX_ENVELOPE_DEPTH = 1000;
    /** The envelope object is one level itself: a payload may nest one level less. */
    public static final int MAX_PAYLOAD_DEPTH = MAX_ENVELOPE_DEPTH - 1;
    /** Digits (and sign, point, exponent) of one number; Jackson's default, pinned. */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** Characters of one object key; Jackson's default, pinned. */
    public static final int MAX_NAME_LENGTH = 50_000;

    /**
     * The one parser configuration of event JSON on both ends: duplicate keys refused, the limits
     * above. Strings and the document are bounded by {@link #MAX_EVENT_BYTES} already.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_ENVELOPE_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxStringLength(MAX_EVENT_BYTES)
                    .maxDocumentLength(MAX_EVENT_BYTES)
                    .build())
            .build();

    private EventLimits() {}
}
