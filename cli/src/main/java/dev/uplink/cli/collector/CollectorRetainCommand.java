package dev.uplink.cli.collector;

import dev.uplink.collector.store.Housekeeping;
import dev.uplink.collector.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector retain}: one housekeeping pass (partitions ahead, then retention), e.g. from cron. */
@Command(
        name = "retain",
        mixinStandardHelpOptions = true,
        description = {
            "Remove events older than DURATION now, then exit; what 'collector run --retain' does every hour.",
            "PostgreSQL: makes the coming days' partitions, drops whole day partitions older than DURATION",
            "(by the event's own time) and deletes older undated rows. SQLite: deletes events that",
            "arrived before then. Both: removes connectivity checks received before then (history, and the",
            "latest check of devices silent since). Safe while collectors run."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector retain --store postgresql://uplink@db.corp.example/uplink --retain 30d",
            "  uplink collector retain --data /var/lib/uplink-collector --retain 90d"
        })
public class CollectorRetainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(
            names = "--retain",
            required = true,
            paramLabel = "DURATION",
            description = "Keep events for DURATION (at least 1d, e.g. 30d or 720h).")
    String retain;

    @Override
    public Integer call() {
        Duration period = Housekeeping.parseRetain(retain, "--retain");
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = storeOptions.openExisting()) {
            Housekeeping.Pass pass = new Housekeeping(store, period, Clock.systemUTC()).runOnce();
            out.println("store " + storeOptions.where() + ": removed events older than " + pass.cutoff() + ": "
                    + pass.retained().droppedPartitions().size() + " partition(s) dropped"
                    + (pass.retained().droppedPartitions().isEmpty()
                            ? ""
                            : " (" + String.join(", ", pass.retained().droppedPartitions()) + ")")
                    + ", " + pass.retained().deletedRows() + " row(s) deleted, "
                    + pass.retained().deletedChecks() + " connectivity check(s) removed");
        }
        out.flush();
        return 0;
    }
}
