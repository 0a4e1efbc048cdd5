package dev.uplink.core.testing;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * TEST ONLY: randomness a failure can be replayed from. A test method that declares a
 * {@link Random} parameter gets one seeded from {@code -Duplink.test.seed=N} when given, else from a
 * fresh seed; when the test fails, the seed and the way to replay it are put in front of the
 * failure's message.
 *
 * <pre>{@code @ExtendWith(Seeded.class) ... void test(Random rnd) { ... }}</pre>
 */
public final class Seeded implements ParameterResolver, TestExecutionExceptionHandler {

    public static final String PROPERTY = "uplink.test.seed";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Seeded.class);

    /** The seed to use: the system property when set, else a fresh random one. */
    public static long seed() {
        String given = System.getProperty(PROPERTY);
        return given != null && !given.isBlank() ? Long.parseLong(given.strip()) : new SecureRandom().nextLong();
    }

    /** How to replay a run, for failure messages. */
    public static String replay(long seed) {
        return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        long seed = seed();
        c.getStore(NS).put("seed", seed);
        return new Random(seed);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext c, Throwable t) throws Throwable {
        Long seed = c.getStore(NS).get("seed", Long.class);
        if (seed == null) {
            throw t;
        }
        AssertionError withSeed = new AssertionError(replay(seed) + ": " + t.getMessage(), t);
        withSeed.setStackTrace(t.getStackTrace());
        throw withSeed;
    }
}
