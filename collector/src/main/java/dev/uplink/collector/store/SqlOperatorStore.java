package dev.uplink.collector.store;

import dev.uplink.collector.health.OperatorStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link OperatorStore} in plain SQL that both stores run: {@code operators} (name, password hash)
 * and {@code operator_tokens} (token hash, operator). Hashing is the caller's; this class never
 * sees a password or a token.
 */
final class SqlOperatorStore implements OperatorStore {

    private final Transactor store;

    SqlOperatorStore(Transactor store) {
        this.store = store;
    }

    @Override
    public boolean add(String name, String passwordHash, Instant now) {
        return store.inTransaction(c -> {
            try (PreparedStatement i = c.prepareStatement("INSERT INTO operators(name, password_hash, created_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                i.setString(1, name);
                i.setString(2, passwordHash);
                i.setLong(3, now.toEpochMilli());
                return i.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean remove(String name) {
        return store.inTransaction(c -> {
            try (PreparedStatement t = c.prepareStatement("DELETE FROM operator_tokens WHERE operator = ?")) {
                t.setString(1, name);
                t.executeUpdate();
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM operators WHERE name = ?")) {
                d.setString(1, name);
                return d.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<String> passwordHash(String name) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT password_hash FROM operators WHERE name = ?")) {
                q.setString(1, name);
                ResultSet rs = q.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public List<String> names() {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT name FROM operators ORDER BY name")) {
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Adds a token hash for an existing operator; an unknown operator is an error (no orphan tokens). */
    @Override
    public void addToken(String name, byte[] tokenHash, Instant now) {
        store.inTransaction(c -> {
            try (PreparedStatement i =
                    c.prepareStatement("INSERT INTO operator_tokens(token_hash, operator, created_at)"
                            + " SELECT ?, name, ? FROM operators WHERE name = ?")) {
                i.setBytes(1, tokenHash);
                i.setLong(2, now.toEpochMilli());
                i.setString(3, name);
                if (i.executeUpdate() != 1) {
                    throw new IllegalArgumentException("no operator named '" + name + "'");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<String> operatorForToken(byte[] tokenHash) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT t.operator FROM operator_tokens t"
                    + " JOIN operators o ON o.name = t.operator WHERE t.token_hash = ?")) {
                q.setBytes(1, tokenHash);
                ResultSet rs = q.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }
}
