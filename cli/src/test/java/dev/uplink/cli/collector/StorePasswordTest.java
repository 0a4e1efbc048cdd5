package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the PostgreSQL password comes from, in order: file, environment, libpq password file. */
class StorePasswordTest {

    static final StoreUrl.Postgres URL = new StoreUrl.Postgres("col", "db.example", 5432, "uplink", null);

    @TempDir
    Path dir;

    private Path secret(String name, String text, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // case               | file text      | env            | ~/.pgpass line                          |
                // PGPASSFILE line         | expected
                "file wins            | from-file\\n   | from-env       | db.example:5432:uplink:col:from-pgpass  | -                       | from-file",
                "file first line only | a\\r\\nb       | -              | -                                       | -                       | a",
                "env next             | -              | from-env       | db.example:5432:uplink:col:from-pgpass  | -                       | from-env",
                "pgpass last          | -              | -              | db.example:5432:uplink:col:from-pgpass  | -                       | from-pgpass",
                "PGPASSFILE replaces  | -              | -              | db.example:5432:uplink:col:from-pgpass  | *:*:*:col:from-pgpassfile | from-pgpassfile",
                "pgpass other db      | -              | -              | db.example:5432:other:col:x             | -                       | -",
                "nothing              | -              | -              | -                                       | -                       | -",
            })
    void sourcesInOrder(String name, String file, String env, String pgpass, String pgpassfile, String expected)
            throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Map<String, String> environment = new HashMap<>();
        if (env != null) {
            environment.put(StorePassword.ENV, env);
        }
        if (pgpass != null) {
            secret("home/.pgpass", pgpass + "\n", "rw-------");
        }
        if (pgpassfile != null) {
            environment.put(
                    "PGPASSFILE",
                    secret("pgpassfile", pgpassfile + "\n", "rw-------").toString());
        }
        Path f = file == null ? null : secret("pw", file.replace("\\n", "\n").replace("\\r", "\r"), "rw-------");
        assertEquals(expected, StorePassword.resolve(URL, f, environment, home));
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedWithoutShowingIt() throws Exception {
        Path f = secret("pw", "s3cret-value", "rw-r--r--");
        var e = assertThrows(InvalidInputException.class, () -> StorePassword.resolve(URL, f, Map.of(), dir));
        assertTrue(e.getMessage().contains("--store-password-file " + f), e.getMessage());
        assertTrue(e.getMessage().contains("expected mode 0600"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-value"), e.getMessage());
    }

    @Test
    void aPgpassOthersCanReadIsRefused() throws Exception {
        secret(".pgpass", "*:*:*:*:s3cret-value\n", "rw-rw----");
        var e = assertThrows(InvalidInputException.class, () -> StorePassword.resolve(URL, null, Map.of(), dir));
        assertTrue(e.getMessage().contains("password file " + dir.resolve(".pgpass")), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-value"), e.getMessage());
    }

    @Test
    void aMissingPasswordFileIsAnInputError() {
        var e = assertThrows(
                InvalidInputException.class, () -> StorePassword.resolve(URL, dir.resolve("missing"), Map.of(), dir));
        assertTrue(e.getMessage().contains("--store-password-file"), e.getMessage());
    }
}
