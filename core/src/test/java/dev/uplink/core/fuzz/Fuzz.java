package dev.uplink.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.opentest4j.AssertionFailedError;

/**
 * The oracle of every fuzz property: a parser given outside input either returns a value or
 * throws its documented error, with a message, within {@link #PER_CALL} and without allocating
 * more than a linear parser would. Anything else (NPE, IndexOutOfBounds, NumberFormatException,
 * StackOverflowError, OutOfMemoryError, a hang, a blow-up) fails the property, and jqwik then
 * reports the seed and the (shrunk) input.
 *
 * <p>Replaying a failure: copy the {@code seed} from jqwik's report into the property's
 * annotation, {@code @Property(seed = "-1234567890")}, and run that one test.
 */
public final class Fuzz {

    /** Far above any parse of a few MB; a call that takes longer hangs or does super-linear work. */
    public static final Duration PER_CALL = Duration.ofSeconds(5);
    /**
     * Allocation budget of one call: a fixed allowance plus a multiple of the input size. A linear
     * parser (decode, split, copy, build messages) stays far below it; an input that makes the
     * parser expand (a length field trusted, a product of two input sizes, an inflated body) does not.
     */
    static final long ALLOCATION_BASE = 64L << 20;

    static final long ALLOCATION_PER_INPUT_BYTE = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Fuzz() {}

    /** The result of one parse: the value, or the documented error it threw. */
    public record Outcome<T>(T value, Throwable refusal) {
        public boolean parsed() {
            return refusal == null;
        }
    }

    /** Like {@link #parse(long, List, Callable)} for a parser that documents one error type. */
    public static <T> Outcome<T> parse(long inputBytes, Class<? extends Throwable> documented, Callable<T> parser) {
        return parse(inputBytes, List.of(documented), parser);
    }

    /**
     * Runs {@code parser} in a separate thread with a timeout and an allocation budget.
     *
     * @param inputBytes the size of the input (chars count twice), for the allocation budget
     * @param documented the error types the parser documents; each must carry a message
     */
    public static <T> Outcome<T> parse(
            long inputBytes, List<Class<? extends Throwable>> documented, Callable<T> parser) {
        return assertTimeoutPreemptively(
                PER_CALL,
                () -> {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    Outcome<T> outcome;
                    try {
                        outcome = new Outcome<>(parser.call(), null);
                    } catch (Throwable t) { // StackOverflowError and OutOfMemoryError too: they are findings
                        if (documented.stream().noneMatch(c -> c.isInstance(t))) {
                            throw new AssertionFailedError(
                                    "the parser threw " + t + " instead of returning a value or throwing "
                                            + documented.stream()
                                                    .map(Class::getSimpleName)
                                                    .toList(),
                                    t);
                        }
                        if (t.getMessage() == null || t.getMessage().isBlank()) {
                            throw new AssertionFailedError(
                                    "the parser refused the input with "
                                            + t.getClass().getSimpleName()
                                            + " but gave no message naming the input and the expected form",
                                    t);
                        }
                        outcome = new Outcome<>(null, t);
                    }
                    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                    long budget = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * inputBytes;
                    if (allocated > budget) {
                        throw new AssertionFailedError("the parser allocated " + allocated + " bytes for an input of "
                                + inputBytes + " bytes (budget " + budget
                                + "): it expands its input instead of refusing it");
                    }
                    return outcome;
                },
                () -> "the parser did not finish within " + PER_CALL + ": a hang or super-linear work");
    }

    /** For a parser whose contract is to never throw (it reports problems in its result). */
    public static <T> T neverThrows(long inputBytes, Callable<T> parser) {
        return parse(inputBytes, List.of(), parser).value();
    }
}
