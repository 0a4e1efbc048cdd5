package dev.uplink.collector.store;

import dev.uplink.collector.health.OperatorStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link OperatorStore} in plain SQL shared by both stores. */
final class SqlOperatorStore implements OperatorStore {

    private final Transactor store;

    SqlOperatorStore(Transactor store) {
        this.store = store;
    }

    @Override
    public boolean add(String name, String passwordHash, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean remove(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<String> passwordHash(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<String> names() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void addToken(String name, byte[] tokenHash, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<String> operatorForToken(byte[] tokenHash) {
        throw new UnsupportedOperationException("not yet");
    }
}
