package dev.uplink.collector.http.ui;

import dev.uplink.collector.health.OperatorStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** TEST ONLY: operators in memory, with the store's contract (names unique, tokens go with their operator). */
final class InMemoryOperators implements OperatorStore {

    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, String> tokens = new ConcurrentHashMap<>();

    @Override
    public boolean add(String name, String passwordHash, Instant now) {
        return hashes.putIfAbsent(name, passwordHash) == null;
    }

    @Override
    public boolean remove(String name) {
        tokens.values().removeIf(name::equals);
        return hashes.remove(name) != null;
    }

    @Override
    public Optional<String> passwordHash(String name) {
        return Optional.ofNullable(hashes.get(name));
    }

    @Override
    public List<String> names() {
        return hashes.keySet().stream().sorted().toList();
    }

    @Override
    public void addToken(String name, byte[] tokenHash, Instant now) {
        tokens.put(ByteBuffer.wrap(tokenHash.clone()), name);
    }

    @Override
    public Optional<String> operatorForToken(byte[] tokenHash) {
        return Optional.ofNullable(tokens.get(ByteBuffer.wrap(tokenHash)));
    }
}
