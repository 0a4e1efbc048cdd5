package dev.uplink.cli.collector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.NumberFormat;
import java.util.Calendar;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * While picocli builds a collector command (60-90 ms of a cold JVM), a daemon thread does the JDK's
 * one-time work that opening the store waits for next (docs/scaling.md#cli-start-up): the locale
 * data of a {@link Calendar} (both JDBC drivers make one when they connect) and, for a PostgreSQL
 * store, a {@link NumberFormat} (pgjdbc parses the server's version with one) and the JDK's SCRAM algorithms looked up and used once (PBKDF2-HMAC-SHA-256 of a made-up
 * password: the providers, their classes and services, as the login's first use finds them). Nothing is read,
 * written or connected to, and nothing is kept: the command does all of its work as before.
 */
public final class StoreWarmUp {

    /**
     * Iterations of the made-up PBKDF2: one. Its algorithms' lookup and first use are what a cold
     * login waits for; the 4,096 iterations themselves take ~9 ms of C1's code whether or not they
     * ran before (measured with 256 here first: no faster).
     */
    static final int ITERATIONS = 1;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private StoreWarmUp() {}

    /**
     * Starts the warm-up for {@code uplink collector ...} (not {@code collector run}: a service, whose
     * start-up is not waited for), once per process; returns at once. {@code postgresql://} among
     * the words adds the login's algorithms (a guess on the words that only decides what is warmed).
     */
    public static void startInBackground(String[] args) {
        Plan plan = plan(args);
        if (plan == Plan.NONE || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        Calendar.getInstance();
                        if (plan == Plan.CALENDAR_AND_LOGIN) {
                            // pgjdbc reads the server's version with a NumberFormat, made while it
                            // connects: its locale data, ~5-10 ms of a cold login (docs/scaling.md#fleet-health).
                            NumberFormat.getIntegerInstance();
                            pbkdf2();
                        }
                    } catch (GeneralSecurityException | RuntimeException e) {
                        // only a warm-up: the store's own open meets and reports any real problem
                    }
                },
                "uplink-store-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** What is warmed for a command line. */
    enum Plan {
        NONE,
        CALENDAR,
        CALENDAR_AND_LOGIN
    }

    static Plan plan(String[] args) {
        if (args.length < 2 || !args[0].equals("collector") || args[1].equals("run")) {
            return Plan.NONE;
        }
        for (String a : args) {
            if (a.startsWith("postgresql:") || a.startsWith("--store=postgresql:")) {
                return Plan.CALENDAR_AND_LOGIN;
            }
        }
        return Plan.CALENDAR;
    }

    /** PBKDF2-HMAC-SHA-256 of a made-up password (the algorithm of PostgreSQL's SCRAM-SHA-256 login). */
    static byte[] pbkdf2() throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(
                "warm-up".toCharArray(), "uplink-warm-up".getBytes(StandardCharsets.US_ASCII), ITERATIONS, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
