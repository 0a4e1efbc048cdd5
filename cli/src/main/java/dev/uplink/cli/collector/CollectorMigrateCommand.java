package dev.uplink.cli.collector;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplink collector migrate}: creates or upgrades a store's schema; running it twice is harmless. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Create or upgrade the store's schema, then exit. A PostgreSQL store must be migrated",
            "before 'collector run' uses it (once, from one machine); running it again changes nothing.",
            "A SQLite data directory is created or upgraded (as 'collector run' would)."
        },
        footer = {
            "",
            "Examples:",
            "  UPLINK_STORE_PASSWORD=... uplink collector migrate --store postgresql://uplink@db.corp.example/uplink",
            "  uplink collector migrate --store sqlite:/var/lib/uplink-collector"
        })
public class CollectorMigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() {
        StoreUrl url = storeOptions.url();
        PrintWriter out = spec.commandLine().getOut();
        if (url instanceof StoreUrl.Postgres pg) {
            int applied = PostgresStore.migrate(pg, storeOptions.password(pg));
            out.println("store " + pg.display() + " is up to date ("
                    + (applied == 0 ? "nothing to migrate" : applied + " migration(s) applied") + ")");
        } else {
            StoreUrl.Sqlite s = (StoreUrl.Sqlite) url;
            try (CollectorStore store = CollectorStore.open(s.dir())) {
                store.tenantId();
            }
            out.println("store " + s.display() + " is up to date");
        }
        out.flush();
        return 0;
    }
}
