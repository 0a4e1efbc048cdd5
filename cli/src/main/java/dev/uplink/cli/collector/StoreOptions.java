package dev.uplink.cli.collector;

import dev.uplink.cli.CommandModel;
import dev.uplink.cli.CommandModel.Field;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a collector command finds its store: {@code --store URL}, or {@code --data DIR} (= {@code --store sqlite:DIR}). */
public class StoreOptions {

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "The collector's store: sqlite:DIR (a data directory) or"
                    + " postgresql://[user@]host[:port]/database[?sslmode=MODE] (shared by several collectors).")
    String store;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The collector's data directory: the same as --store sqlite:DIR.")
    Path data;

    @Option(
            names = "--store-password-file",
            paramLabel = "FILE",
            description =
                    "PostgreSQL password in FILE (mode 0600). Default: UPLINK_STORE_PASSWORD, then PGPASSFILE or ~/.pgpass.")
    Path passwordFile;

    /**
     * The model of these options, made without reading the annotations above
     * (docs/scaling.md#cli-start-up; {@code CommandModelTest} holds the two equal).
     */
    static CommandSpec model(StoreOptions o) {
        CommandSpec spec = CommandModel.mixin(o);
        spec.addOption(CommandModel.option(
                        Field.of(StoreOptions.class, "store", String.class, "String", () -> o.store, v -> o.store = v),
                        "--store")
                .paramLabel("URL")
                .description("The collector's store: sqlite:DIR (a data directory) or"
                        + " postgresql://[user@]host[:port]/database[?sslmode=MODE] (shared by several collectors).")
                .build());
        spec.addOption(CommandModel.option(
                        Field.of(
                                StoreOptions.class,
                                "data",
                                Path.class,
                                "java.nio.file.Path",
                                () -> o.data,
                                v -> o.data = v),
                        "--data")
                .paramLabel("DIR")
                .description("The collector's data directory: the same as --store sqlite:DIR.")
                .build());
        spec.addOption(CommandModel.option(
                        Field.of(
                                StoreOptions.class,
                                "passwordFile",
                                Path.class,
                                "java.nio.file.Path",
                                () -> o.passwordFile,
                                v -> o.passwordFile = v),
                        "--store-password-file")
                .paramLabel("FILE")
                .description(
                        "PostgreSQL password in FILE (mode 0600). Default: UPLINK_STORE_PASSWORD, then PGPASSFILE or ~/.pgpass.")
                .build());
        return spec;
    }

    /** Adds a new StoreOptions as the mixin {@code @Mixin StoreOptions storeOptions} adds it. */
    static StoreOptions addTo(CommandSpec command) {
        StoreOptions o = new StoreOptions();
        command.addMixin("storeOptions", model(o));
        return o;
    }

    /** The store the options name; exactly one of --store and --data. */
    StoreUrl url() {
        if (store != null && data != null) {
            throw new InvalidInputException(
                    "--store and --data both name the store; give one of them (--data DIR is --store sqlite:DIR)");
        }
        if (store == null && data == null) {
            throw new InvalidInputException("missing --store URL (or --data DIR); " + StoreUrl.EXPECTED);
        }
        return data != null ? new StoreUrl.Sqlite(data) : StoreUrl.parse(store, "--store");
    }

    /** The SQLite data directory, or null for a PostgreSQL store. */
    Path dataDir() {
        return url() instanceof StoreUrl.Sqlite s ? s.dir() : null;
    }

    /** The store as messages name it: the data directory, or the URL (never a password). */
    String where() {
        return url() instanceof StoreUrl.Sqlite s ? s.dir().toString() : url().display();
    }

    /** The option that names this store again, for hints. */
    String option() {
        return url() instanceof StoreUrl.Sqlite s ? "--data " + s.dir() : "--store " + url().display();
    }

    /** Opens the store; a SQLite data directory is created when missing (collector run). */
    Store open() {
        return open(url(), false);
    }

    /**
     * Opens an existing store for a command that runs and exits; a SQLite path that is not a data
     * directory is an input error.
     */
    Store openExisting() {
        return open(url(), true);
    }

    private Store open(StoreUrl url, boolean existing) {
        if (url instanceof StoreUrl.Sqlite s) {
            return existing ? CollectorStore.openExisting(s.dir()) : CollectorStore.open(s.dir());
        }
        StoreUrl.Postgres pg = (StoreUrl.Postgres) url;
        // A command that opens an existing store runs and exits: one connection, no pool
        // (docs/scaling.md#cli-start-up).
        return existing ? PostgresStore.openForCommand(pg, password(pg)) : PostgresStore.open(pg, password(pg));
    }

    String password(StoreUrl.Postgres pg) {
        return StorePassword.resolve(pg, passwordFile, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
