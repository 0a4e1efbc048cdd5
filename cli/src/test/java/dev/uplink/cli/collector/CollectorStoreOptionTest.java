package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --store / --data on every collector subcommand: bad input exits 2 naming the option and the forms. */
class CollectorStoreOptionTest {

    @TempDir
    Path dir;

    static final List<String> FORMS = List.of("sqlite:DIR", "postgresql://[user@]host[:port]/database");

    private static List<String> command(String sub) {
        return switch (sub) {
            case "run" -> List.of("collector", "run", "--listen", "127.0.0.1:1", "--self-signed");
            case "onboarding-package" ->
                List.of("collector", "onboarding-package", "--url", "https://c.test:8443", "--out", "/tmp/never.json");
            case "retain" -> List.of("collector", "retain", "--retain", "30d");
            default -> List.of("collector", sub);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run                | --store /var/lib/x                 | is not a store URL",
                "query              | --store mysql://db/x                | is not a store URL",
                "devices            | --store postgresql://db             | is not a valid PostgreSQL URL",
                "onboarding-package | --store postgresql://db:0/x          | outside 1-65535",
                "migrate            | --store postgresql://db/x?sslmode=no | unknown sslmode",
                "query              | --store sqlite:                     | names no directory",
                "devices            | -                                   | missing --store URL",
                "migrate            | --store sqlite:/a --data /b          | --store and --data both",
                "retain             | --store mysql://db/x                | is not a store URL",
            })
    void badStoresExit2(String sub, String args, String reason) {
        List<String> a = new ArrayList<>(command(sub));
        if (!args.strip().equals("-")) {
            a.addAll(List.of(args.strip().split(" +")));
        }
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
        if (!reason.startsWith("--store and")) {
            FORMS.forEach(f -> assertTrue(r.err().contains(f), r.err()));
        }
        assertFalse(Files.exists(Path.of("/a")) || Files.exists(Path.of("/tmp/never.json")));
    }

    @ParameterizedTest
    @CsvSource({"run", "query", "devices", "onboarding-package", "migrate", "retain"})
    void aPasswordInTheUrlIsRefusedAndNeverPrinted(String sub) {
        List<String> a = new ArrayList<>(command(sub));
        a.addAll(List.of("--store", "postgresql://col:Hunter2-pw@127.0.0.1:1/x"));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--store (a postgresql:// URL) contains a password"), r.err());
        assertFalse((r.out() + r.err()).contains("Hunter2-pw"), r.err());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run    | --data /a --self-signed --listen 127.0.0.1:1 --retain 12h | '12h' is shorter than 1d",
                "run    | --data /a --self-signed --listen 127.0.0.1:1 --retain 30x | '30x' is not a duration",
                "retain | --data /a --retain 0d                                    | must be longer than zero",
                "retain | --data /a --retain 1h                                    | '1h' is shorter than 1d",
                "retain | --data /a                                                | Missing required option: '--retain",
            })
    void badRetentionExits2AndTouchesNothing(String sub, String args, String reason) {
        List<String> a = new ArrayList<>(List.of("collector", sub));
        a.addAll(List.of(args.strip().split(" +")));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
        assertFalse(Files.exists(Path.of("/a")));
    }

    @org.junit.jupiter.api.Test
    void selfSignedNeedsADataDirectory() {
        CliRun r = CliRun.of(
                "collector",
                "run",
                "--listen",
                "127.0.0.1:1",
                "--self-signed",
                "--store",
                "postgresql://127.0.0.1:1/x");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--self-signed keeps its CA in a data directory"), r.err());
        assertTrue(r.err().contains("--tls-cert"), r.err());
    }
}
