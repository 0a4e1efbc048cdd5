package dev.uplink.collector.control;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.CaseMapping;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The store a control-socket answer is about, so that a command never prints a collector's answer
 * for another store (docs/behaviour.md#control-socket): for SQLite the database file's real path,
 * for PostgreSQL {@code postgresql://user@host:port/database} (the user the login uses; never a
 * password, which is not part of a store URL anyway).
 */
public final class StoreIdentity {
    private StoreIdentity() {}

    public static String of(StoreUrl url) {
        if (url instanceof StoreUrl.Sqlite s) {
            Path db = s.dir().resolve(CollectorStore.DB_FILE);
            try {
                return "sqlite:" + db.toRealPath();
            } catch (IOException e) {
                // Not there (yet): no running collector can serve it, and the names cannot match one that does.
                return "sqlite:" + db.toAbsolutePath().normalize();
            }
        }
        StoreUrl.Postgres pg = (StoreUrl.Postgres) url;
        String host = CaseMapping.lower(pg.host());
        return "postgresql://" + pg.effectiveUser() + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + pg.port() + "/" + pg.database();
    }
}
