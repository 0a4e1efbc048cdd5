package dev.uplink.collector.operators;

import dev.uplink.collector.health.OperatorStore;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Checks an operator's password or API token (docs/behaviour.md#dashboard-and-operator-access). A
 * failed login takes as long whether the name exists or not: an unknown name is checked against a
 * dummy hash with the same parameters, so timing does not reveal which operators exist.
 */
public final class OperatorAuthenticator {

    /**
     * Argon2id needs 19 MiB per check: at most this many run at once, so a burst of logins from many
     * addresses costs a bounded amount of memory.
     */
    static final int CONCURRENT_CHECKS = 4;

    private final OperatorStore operators;
    private final PasswordHasher hasher;
    private volatile String dummyHash;
    private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS, true);

    public OperatorAuthenticator(OperatorStore operators, PasswordHasher hasher) {
        this.operators = operators;
        this.hasher = hasher;
    }

    /** The operator's name when the password is right; empty otherwise (or when too busy to check). */
    public Optional<String> login(String name, char[] password) {
        if (password.length > PasswordHasher.MAX_LENGTH) {
            return Optional.empty(); // refused on length alone, which says nothing about the name
        }
        try {
            if (!checks.tryAcquire(10, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Optional<String> stored = OperatorNames.isValid(name) ? operators.passwordHash(name) : Optional.empty();
            boolean ok = hasher.verify(password, stored.orElseGet(this::dummyHash));
            return ok && stored.isPresent() ? Optional.of(name) : Optional.empty();
        } finally {
            checks.release();
        }
    }

    /**
     * A hash of a password nobody has, with the current parameters; made at the first login rather
     * than at start, so a collector nobody signs in to never spends the time.
     */
    private String dummyHash() {
        String d = dummyHash;
        if (d == null) {
            d = hasher.hash("not the password of anyone".toCharArray());
            dummyHash = d;
        }
        return d;
    }

    /** The operator an API token belongs to, if it is one. */
    public Optional<String> token(String token) {
        if (!OperatorTokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        return operators.operatorForToken(OperatorTokens.hash(token));
    }
}
