package dev.uplink.collector.store;

import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The collector's data directory database ({@code collector.db}): events, devices, enrollment tokens
 * and the tenant id. One connection, used under a lock: SQLite serialises writers anyway, and one
 * connection keeps every transaction's fsync ordering simple. Other processes (the CLI) open their
 * own store; WAL lets them read while the service writes.
 */
public final class CollectorStore implements Store, Transactor {

    public static final String DB_FILE = "collector.db";

    private final Path dataDir;
    private final Connection connection;
    private final HealthIngest events;
    private final DeviceStore devices;
    private final TokenStore tokens;
    private final SqlHealthStore health;
    private final SqlOperatorStore operators;

    private CollectorStore(Path dataDir, Connection connection) {
        this.dataDir = dataDir;
        this.connection = connection;
        this.devices = new DeviceStore(this);
        this.tokens = new TokenStore(this);
        this.health = new SqlHealthStore(this);
        this.events = new HealthIngest(new SqliteEventStore(this), health);
        this.operators = new SqlOperatorStore(this);
    }

    /** Opens the store, creating the data directory (mode 0700) and the database when missing. */
    public static CollectorStore open(Path dataDir) {
        try {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new InvalidInputException("--data " + dataDir + " is not a directory");
            }
            if (!Files.exists(dataDir)) {
                Files.createDirectories(dataDir);
                restrictToOwner(dataDir);
            }
            return new CollectorStore(dataDir, Database.open(dataDir.resolve(DB_FILE)));
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open collector data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Opens the store of an existing data directory; a wrong path is the user's input error, not a new store. */
    public static CollectorStore openExisting(Path dataDir) {
        if (!Files.isRegularFile(dataDir.resolve(DB_FILE))) {
            throw new InvalidInputException("--data " + dataDir + " is not a collector data directory (no " + DB_FILE
                    + "); expected the directory given to 'uplink collector run --data'");
        }
        return open(dataDir);
    }

    private static void restrictToOwner(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file system: nothing finer to set.
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public DeviceStore devices() {
        return devices;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public HealthStore health() {
        return health;
    }

    @Override
    public OperatorStore operators() {
        return operators;
    }

    /** The tenant id of this data directory, generated on first use and never changed. */
    @Override
    public String tenantId() {
        return inTransaction(c -> {
            try (PreparedStatement get = c.prepareStatement("SELECT value FROM meta WHERE key = 'tenant_id'")) {
                ResultSet rs = get.executeQuery();
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            String id = UUID.randomUUID().toString();
            try (PreparedStatement put = c.prepareStatement("INSERT INTO meta(key, value) VALUES ('tenant_id', ?)")) {
                put.setString(1, id);
                put.executeUpdate();
            }
            return id;
        });
    }

    /** A cheap round trip to the database, for /healthz. */
    @Override
    public boolean isHealthy() {
        try {
            return read(c -> {
                try (var st = c.createStatement()) {
                    return st.executeQuery("SELECT 1").next();
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    /** SQLite keeps one table: nothing to prepare. */
    @Override
    public List<String> prepare(Instant now) {
        return List.of();
    }

    /**
     * Deletes the events that arrived before {@code cutoff}, row by row: SQLite has no partitions and
     * keeps no event time, so arrival time is what retention goes by (docs/behaviour.md#partitions-and-retention).
     */
    @Override
    public Retained retain(Instant cutoff) {
        long deleted = inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM events WHERE received_at < ?")) {
                d.setLong(1, cutoff.toEpochMilli());
                return (long) d.executeUpdate();
            }
        });
        return new Retained(List.of(), deleted).withChecks(health.retain(cutoff));
    }

    /** Runs {@code work} in one transaction; returns only after COMMIT (fsynced: synchronous=FULL). */
    @Override
    public synchronized <T> T inTransaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("collector store " + dataDir.resolve(DB_FILE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized <T> T read(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("collector store " + dataDir.resolve(DB_FILE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing " + dataDir.resolve(DB_FILE) + ": " + e.getMessage(), e);
        }
    }
}
