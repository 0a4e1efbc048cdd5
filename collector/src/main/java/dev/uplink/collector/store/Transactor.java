package dev.uplink.collector.store;

import java.sql.Connection;
import java.sql.SQLException;

/** How the SQL shared by both stores (devices, tokens) reaches a connection: one transaction, or one read. */
interface Transactor {

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction; returns only after COMMIT. */
    <T> T inTransaction(SqlWork<T> work);

    <T> T read(SqlWork<T> work);
}
