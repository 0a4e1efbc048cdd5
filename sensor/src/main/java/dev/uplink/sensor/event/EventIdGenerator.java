package dev.uplink.sensor.event;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * UUIDv7 event ids (RFC 9562): 48-bit Unix milliseconds, version 7, a 12-bit counter in
 * {@code rand_a} (method 1, "fixed-length dedicated counter"), variant, 62 random bits.
 * Strictly increasing within a process, even when the clock steps back or 4096 ids are asked
 * for in one millisecond (the timestamp then runs ahead of the clock by a millisecond), so the
 * collector can de-duplicate and order by id.
 */
public final class EventIdGenerator {
    private static final int COUNTER_MAX = 0xFFF;
    /** New milliseconds start the counter low so that most bursts fit without borrowing time. */
    private static final int COUNTER_SEED_RANGE = 0x400;

    private final LongSupplier clockMillis;
    private final SplittableRandom random;
    private long lastMillis = -1;
    private int counter;

    public EventIdGenerator() {
        this(System::currentTimeMillis);
    }

    public EventIdGenerator(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.random = new SplittableRandom(new SecureRandom().nextLong());
    }

    public synchronized UUID next() {
        long now = clockMillis.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            counter = random.nextInt(COUNTER_SEED_RANGE);
        } else if (counter < COUNTER_MAX) {
            counter++;
        } else {
            lastMillis++;
            counter = random.nextInt(COUNTER_SEED_RANGE);
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    public String nextString() {
        return next().toString();
    }

    /** The millisecond timestamp embedded in a UUIDv7. */
    public static long timestampOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
