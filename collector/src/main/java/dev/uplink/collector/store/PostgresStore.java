package dev.uplink.collector.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's state in one PostgreSQL database, shared by several stateless collectors
 * (docs/behaviour.md#stores). The service's connections come from a small pool (a command that
 * runs and exits uses one connection: {@link #openForCommand}); each transaction commits before
 * its method returns, so an acknowledged batch is committed. The schema belongs to
 * {@code uplink collector migrate} (Flyway): opening a store never changes it, and a database whose
 * schema is missing, older or newer than this uplink is refused with the command that fixes it.
 */
public final class PostgresStore implements Store, Transactor {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    /** Where the versioned migrations live on the class path. */
    static final String MIGRATIONS = "classpath:db/uplink-postgresql";

    /**
     * The versions of the migrations in {@link #MIGRATIONS}, in order (a test keeps the two equal): an
     * open compares them with the database's history without Flyway (docs/scaling.md#cli-start-up).
     */
    static final List<String> MIGRATION_VERSIONS = List.of("1", "2", "3", "4", "5");

    /**
     * The oldest server the driver may assume before it has asked (pgjdbc's {@code
     * assumeMinServerVersion}): the declarative partitioning of the events table needs 10.
     */
    static final String ASSUMED_SERVER_VERSION = "10";

    /** How long connecting and logging in may take (the pool's wait for a connection, too). */
    private static final long LOGIN_TIMEOUT_SECONDS = 5;

    private final StoreUrl.Postgres url;
    private final Connections connections;
    private final HealthIngest events;
    private final DeviceStore devices;
    private final TokenStore tokens;
    private final SqlHealthStore health;
    private final SqlOperatorStore operators;
    private final PostgresPartitions partitions;

    private PostgresStore(StoreUrl.Postgres url, Connections connections) {
        this.url = url;
        this.connections = connections;
        this.devices = new DeviceStore(this);
        this.tokens = new TokenStore(this);
        this.health = new SqlHealthStore(this);
        this.events = new HealthIngest(new PostgresEventStore(this), health);
        this.operators = new SqlOperatorStore(this);
        this.partitions = new PostgresPartitions(this);
    }

    /** Opens the store; refuses a database whose schema is not the one this uplink's migrations make. */
    public static PostgresStore open(StoreUrl.Postgres url, String password) {
        HikariDataSource pool = pool(url, password, 8);
        try {
            if (!schemaIsCurrent(pool)) {
                checkSchema(url, flyway(pool));
            }
            return new PostgresStore(url, new Pooled(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opens the store on one connection, for a command that runs a few statements one after the
     * other and exits (never for the service): no pool, its threads and its shutdown, which in the
     * command line's cold JVM took ~45 ms of a ~210 ms open (docs/scaling.md#cli-start-up). The same
     * refusals as {@link #open}: a database whose schema is not exactly this uplink's is handed to
     * it, which says what is wrong.
     */
    public static PostgresStore openForCommand(StoreUrl.Postgres url, String password) {
        Properties props = new Properties();
        props.setProperty("user", url.effectiveUser());
        if (password != null) {
            props.setProperty("password", password);
        }
        // As the pool's first connection: at most this long to connect and log in.
        props.setProperty("loginTimeout", Long.toString(LOGIN_TIMEOUT_SECONDS));
        // The session settings in the start-up message rather than a SET after the login: one round
        // trip fewer for a process that opens one connection (docs/scaling.md#cli-start-up). Every
        // server this store runs on is newer (its partitioned events table needs 10).
        props.setProperty("assumeMinServerVersion", ASSUMED_SERVER_VERSION);
        Connection c;
        try {
            c = new org.postgresql.Driver().connect(url.jdbcUrl(), props);
        } catch (SQLException e) {
            // The driver's message (e.g. "password authentication failed for user") never contains the password.
            throw new StoreException("cannot connect to " + url.display() + ": " + e.getMessage(), e);
        }
        if (c == null) { // the driver refuses a URL that is not its own: StoreUrl makes only its URLs
            throw new StoreException("cannot connect to " + url.display() + ": not a PostgreSQL URL", null);
        }
        boolean current;
        try {
            current = schemaIsCurrent(c);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        if (!current) {
            closeQuietly(c);
            return open(url, password); // Flyway's words for what is wrong (or a schema migrated meanwhile)
        }
        return new PostgresStore(url, new OneConnection(c));
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a connection the command no longer needs: nothing to report
        }
    }

    /** Creates or upgrades the schema; running it on an up-to-date database changes nothing. Returns the migrations applied. */
    public static int migrate(StoreUrl.Postgres url, String password) {
        try (HikariDataSource pool = pool(url, password, 2)) {
            MigrateResult result;
            try {
                result = flyway(pool).migrate();
            } catch (RuntimeException e) {
                throw new StoreException("migrating " + url.display() + ": " + e.getMessage(), e);
            }
            return result.migrationsExecuted;
        }
    }

    private static HikariDataSource pool(StoreUrl.Postgres url, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.effectiveUser());
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("uplink-store");
        // While the database is unreachable a request waits this long for a connection, then the
        // collector answers 503 + Retry-After; the pool keeps trying to connect in the background
        // and serves again as soon as the database is back (docs/behaviour.md#store-outages).
        config.setConnectionTimeout(LOGIN_TIMEOUT_SECONDS * 1000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The driver's message (e.g. "password authentication failed for user") never contains the password.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to " + url.display() + ": " + cause.getMessage(), e);
        }
    }

    private static Flyway flyway(HikariDataSource pool) {
        return Flyway.configure()
                .dataSource(pool)
                .locations(MIGRATIONS)
                .loggers("slf4j")
                .load();
    }

    /**
     * True when the database's migration history is exactly this uplink's migrations, all applied
     * successfully: then the store opens without Flyway, whose class-path scan and history check
     * were most of a collector command's start-up on PostgreSQL. Anything else (no history, a
     * failed, missing or unknown version) is left to Flyway, which says what is wrong in the words
     * of {@link #checkSchema}.
     */
    static boolean schemaIsCurrent(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return schemaIsCurrent(c);
        } catch (SQLException e) {
            return false; // not connected: Flyway tells
        }
    }

    /** {@link #schemaIsCurrent(DataSource)} on a connection (which stays open). */
    static boolean schemaIsCurrent(Connection c) {
        List<String> applied = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                applied.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return false; // no history table (an empty database), or not readable: Flyway tells
        }
        return applied.equals(MIGRATION_VERSIONS);
    }

    private static void checkSchema(StoreUrl.Postgres url, Flyway flyway) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        String fix = "run 'uplink collector migrate --store " + url.display() + "'";
        if (current == null) {
            throw new StoreException("PostgreSQL store " + url.display() + " has no uplink schema; " + fix, null);
        }
        if (current.getState() == MigrationState.FUTURE_SUCCESS) {
            throw new StoreException(
                    "PostgreSQL store " + url.display() + " has schema version " + current.getVersion()
                            + ", newer than this uplink understands: it was migrated by a newer uplink; run that version",
                    null);
        }
        if (info.pending().length > 0) {
            throw new StoreException(
                    "PostgreSQL store " + url.display() + " has schema version " + current.getVersion()
                            + ", older than this uplink's; " + fix,
                    null);
        }
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

    @Override
    public String tenantId() {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT value FROM meta WHERE key = 'tenant_id'")) {
                ResultSet rs = q.executeQuery();
                if (!rs.next()) {
                    throw new SQLException("no tenant id in meta (the schema migration makes it)");
                }
                return rs.getString(1);
            }
        });
    }

    @Override
    public boolean isHealthy() {
        try {
            return read(c -> {
                try (var st = c.createStatement()) {
                    return st.executeQuery("SELECT 1").next();
                }
            });
        } catch (StoreException e) {
            LOG.warn("store health check failed: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public List<String> prepare(Instant now) {
        return partitions.prepare(now);
    }

    @Override
    public Retained retain(Instant cutoff) {
        return partitions.retain(cutoff).withChecks(health.retain(cutoff));
    }

    public StoreUrl.Postgres url() {
        return url;
    }

    /** The day partitions of the events table, oldest first. */
    public List<String> dayPartitions() {
        return partitions.dayPartitions();
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            return connections.with(c -> {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL store " + url.display() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try {
            return connections.with(work);
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL store " + url.display() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    /** Where the store's work gets its connection: the pool's (the service), or the command's one. */
    private interface Connections extends AutoCloseable {
        <T> T with(SqlWork<T> work) throws SQLException;

        @Override
        void close();
    }

    /** A connection from the pool for each piece of work, given back after it. */
    private record Pooled(HikariDataSource pool) implements Connections {
        @Override
        public <T> T with(SqlWork<T> work) throws SQLException {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** One connection for all the work of a command, one piece at a time (as the SQLite store's). */
    private static final class OneConnection implements Connections {
        private final Connection connection;

        OneConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized <T> T with(SqlWork<T> work) throws SQLException {
            return work.run(connection);
        }

        @Override
        public synchronized void close() {
            closeQuietly(connection);
        }
    }
}
