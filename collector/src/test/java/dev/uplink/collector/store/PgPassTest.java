package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgPassTest {

    static final String FILE = String.join(
            "\n",
            "# comment line",
            "db.example:5432:uplink:collector:exact-pw",
            "db.example:*:uplink:*:any-user-pw",
            "other\\:host:5432:*:collector:escaped-host-pw",
            "*:6000:*:*:pw\\:with\\:colons\\\\",
            "malformed:line",
            "*:*:*:*:fallback-pw",
            "never:5432:reached:x:shadowed");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "db.example | 5432 | uplink | collector | exact-pw",
                "db.example | 5433 | uplink | collector | any-user-pw",
                "db.example | 5432 | uplink | reader    | any-user-pw",
                "other:host | 5432 | x      | collector | escaped-host-pw",
                "anywhere   | 6000 | x      | y         | pw:with:colons\\",
                "anywhere   | 5432 | x      | y         | fallback-pw",
            })
    void firstMatchingLineWins(String host, int port, String db, String user, String expected) {
        assertEquals(Optional.of(expected), PgPass.lookup(FILE, host, port, db, user));
    }

    @org.junit.jupiter.api.Test
    void noMatchIsEmpty() {
        assertEquals(
                Optional.empty(), PgPass.lookup("db:5432:uplink:collector:pw\n", "db", 5432, "other", "collector"));
        assertEquals(Optional.empty(), PgPass.lookup("", "db", 5432, "uplink", "collector"));
    }
}
