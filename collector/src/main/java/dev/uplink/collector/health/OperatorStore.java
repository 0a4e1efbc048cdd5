package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Dashboard operators: password hashes and API token hashes (the hashing is the caller's). */
public interface OperatorStore {

    /** Adds an operator; false if the name exists. */
    boolean add(String name, String passwordHash, Instant now);

    /** Removes an operator and its tokens; false if there was none. */
    boolean remove(String name);

    Optional<String> passwordHash(String name);

    List<String> names();

    /** Stores a token hash for an existing operator; throws IllegalArgumentException for an unknown one. */
    void addToken(String name, byte[] tokenHash, Instant now);

    Optional<String> operatorForToken(byte[] tokenHash);
}
