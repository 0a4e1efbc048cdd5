package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.collector.control.ControlRequest;
import dev.uplink.collector.control.StoreIdentity;
import dev.uplink.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which command lines ask a running collector before picocli has parsed them, and for what. Anything
 * not plainly {@code collector health} with options the socket answers is left to the command (which
 * asks for what picocli parsed, and takes an early answer only for exactly that request).
 */
class ControlAnswerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // words (DATA: a data directory with a socket, NONE: one without) | json | site | or '-' for none
                "collector health --data DATA | false | - ",
                "collector health --json --data DATA | true | - ",
                "collector health --data DATA --json --site hq | true | hq",
                "collector health --store sqlite:DATA --json | true | - ",
                "collector health --data DATA --control-socket DATA/control.sock | false | - ",
                "collector health --data NONE | - | - ",
                "collector health --data DATA --fix squid --site hq | - | - ",
                "collector health --data DATA --no-control-socket | - | - ",
                "collector health --data DATA --help | - | - ",
                "collector health --data DATA --site | - | - ",
                "collector health --data DATA --site --json | - | - ",
                "collector health --data=DATA | - | - ",
                "collector health --data DATA --store sqlite:DATA | - | - ",
                "collector health | - | - ",
                "collector sites list --data DATA | - | - ",
                "collector health --store postgresql://u@127.0.0.1/db | - | - ",
                "collector health --store postgresql://u@127.0.0.1/db --control-socket DATA/control.sock | false | - ",
                "collector health --store nonsense://x --control-socket DATA/control.sock | - | - ",
            })
    void asksEarlyOnlyForPlainHealthCommandLines(String words, Boolean json, String site) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createFile(data.resolve("control.sock")); // plan() only looks whether it exists
        Files.createDirectories(dir.resolve("none"));
        String[] args = words.replace("DATA", data.toString())
                .replace("NONE", dir.resolve("none").toString())
                .split(" ");
        var planned = ControlAnswer.plan(args).map(e -> e.request());
        if (json == null) {
            assertEquals(Optional.empty(), planned);
        } else {
            StoreUrl url = words.contains("postgresql://")
                    ? StoreUrl.parse("postgresql://u@127.0.0.1/db", "--store")
                    : new StoreUrl.Sqlite(data);
            assertEquals(Optional.of(new ControlRequest(StoreIdentity.of(url), json, site)), planned);
        }
    }
}
