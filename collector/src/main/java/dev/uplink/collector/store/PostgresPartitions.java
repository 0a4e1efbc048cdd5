package dev.uplink.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events table's day partitions in PostgreSQL (docs/behaviour.md#partitions-and-retention):
 * one per UTC day of the event's own time, {@code events_pYYYYMMDD}, created ahead by the
 * collector and dropped whole by retention. Rows whose day has no partition wait in
 * {@code events_default}; creating that day's partition moves them in.
 *
 * <p>Every change takes the events table's lock first, with a lock timeout, so that it never
 * deadlocks with ingestion (which locks the table, then a partition) and never holds ingestion
 * up for long behind a running query: a change that cannot get the lock fails and is tried again
 * at the next pass.
 */
final class PostgresPartitions {

    /** Day partitions kept ready before and after today (UTC). */
    static final int DAYS_BEHIND = 1;

    static final int DAYS_AHEAD = 7;

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern NAME = Pattern.compile("events_p(\\d{8})");
    private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";

    private final Transactor store;

    PostgresPartitions(Transactor store) {
        this.store = store;
    }

    /** Creates the day partitions from yesterday to a week ahead that are missing; returns their names. */
    List<String> prepare(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> existing = dayPartitions();
        List<String> created = new ArrayList<>();
        for (LocalDate d = today.minusDays(DAYS_BEHIND); !d.isAfter(today.plusDays(DAYS_AHEAD)); d = d.plusDays(1)) {
            String name = name(d);
            if (!existing.contains(name) && create(d)) {
                created.add(name);
            }
        }
        return created;
    }

    /**
     * Drops the day partitions that end at or before {@code cutoff} and deletes the older rows of the
     * default partition (by event time) and of the undated one (by arrival time).
     */
    Retained retain(Instant cutoff) {
        long cut = cutoff.toEpochMilli();
        List<String> dropped = new ArrayList<>();
        for (String name : dayPartitions()) {
            LocalDate day = dayOf(name);
            if (start(day.plusDays(1)) <= cut) {
                store.inTransaction(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(LOCK_TIMEOUT);
                        st.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
                        st.execute("DROP TABLE IF EXISTS " + name);
                    }
                    return null;
                });
                dropped.add(name);
            }
        }
        long deleted = store.inTransaction(c -> {
            long n;
            try (PreparedStatement d = c.prepareStatement("DELETE FROM events_default WHERE event_at < ?")) {
                d.setLong(1, cut);
                n = d.executeUpdate();
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM events_undated WHERE received_at < ?")) {
                d.setLong(1, cut);
                n += d.executeUpdate();
            }
            return n;
        });
        return new Retained(dropped, deleted);
    }

    /** The day partitions that exist now, oldest first. */
    List<String> dayPartitions() {
        return store.read(c -> {
            List<String> names = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                ResultSet rs =
                        st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                + " WHERE i.inhparent = 'events'::regclass ORDER BY c.relname");
                while (rs.next()) {
                    if (NAME.matcher(rs.getString(1)).matches()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    /** Creates day {@code d}'s partition, moving its rows out of the default partition; false if another collector did. */
    private boolean create(LocalDate d) {
        String name = name(d);
        long from = start(d);
        long to = start(d.plusDays(1));
        return store.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(LOCK_TIMEOUT);
                st.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
                if (exists(c, name)) {
                    return false;
                }
                // PostgreSQL refuses a new partition while the default one holds rows of its range.
                st.execute("CREATE TEMP TABLE moving ON COMMIT DROP AS SELECT * FROM events_default"
                        + " WHERE event_at >= " + from + " AND event_at < " + to);
                st.execute("DELETE FROM events_default WHERE event_at >= " + from + " AND event_at < " + to);
                st.execute(
                        "CREATE TABLE " + name + " PARTITION OF events FOR VALUES FROM (" + from + ") TO (" + to + ")");
                st.execute("INSERT INTO events OVERRIDING SYSTEM VALUE SELECT * FROM moving");
            }
            return true;
        });
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, name);
            ResultSet rs = q.executeQuery();
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static String name(LocalDate day) {
        return "events_p" + DAY.format(day);
    }

    static LocalDate dayOf(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a day partition: " + name);
        }
        return LocalDate.parse(m.group(1), DAY);
    }

    private static long start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
