package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreUrlTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "postgresql://db.example/uplink       | jdbc:postgresql://db.example:5432/uplink",
                "postgresql://col@db.example:6543/up  | jdbc:postgresql://db.example:6543/up",
                "postgres://10.0.0.5/up?sslmode=verify-full | jdbc:postgresql://10.0.0.5:5432/up?sslmode=verify-full",
                "postgresql://u@[::1]:5433/up         | jdbc:postgresql://[::1]:5433/up",
                "postgresql://u@[fe80::1]/up?sslmode=disable | jdbc:postgresql://[fe80::1]:5432/up?sslmode=disable",
            })
    void theDriversUrlHasHostPortDatabaseAndSslModeButNoUser(String text, String jdbc) {
        assertEquals(jdbc, ((StoreUrl.Postgres) StoreUrl.parse(text, "--store")).jdbcUrl());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sqlite:/var/lib/uplink               | sqlite:/var/lib/uplink",
                "sqlite:data                          | sqlite:data",
                "postgresql://db.example/uplink       | postgresql://db.example:5432/uplink",
                "postgresql://col@db.example:6543/up  | postgresql://col@db.example:6543/up",
                "postgres://10.0.0.5/up?sslmode=verify-full | postgresql://10.0.0.5:5432/up?sslmode=verify-full",
                "postgresql://u@[::1]:5433/up         | postgresql://u@[::1]:5433/up",
            })
    void parses(String text, String display) {
        assertEquals(display, StoreUrl.parse(text, "--store").display());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/var/lib/uplink                      | is not a store URL",
                "mysql://db/x                         | is not a store URL",
                "sqlite:                              | names no directory",
                "postgresql://db.example              | is not a valid PostgreSQL URL",
                "postgresql:///up                     | is not a valid PostgreSQL URL",
                "postgresql://db:99999/up             | outside 1-65535",
                "postgresql://db/up?sslmode=sometimes | unknown sslmode",
                "postgresql://db/up?application_name=x | parameters other than sslmode",
            })
    void refusesNamingTheOptionAndTheExpectedForms(String text, String why) {
        var e = assertThrows(InvalidInputException.class, () -> StoreUrl.parse(text, "--store"));
        assertTrue(e.getMessage().startsWith("--store "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains(StoreUrl.EXPECTED), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"postgresql://col:hunter2secret@db/up", "postgresql://col:hunter2secret@db:5432/up?sslmode=require"})
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt(String text) {
        var e = assertThrows(InvalidInputException.class, () -> StoreUrl.parse(text, "--store"));
        assertTrue(e.getMessage().contains("contains a password"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2secret"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void sqliteKeepsTheDirectory() {
        assertEquals(new StoreUrl.Sqlite(Path.of("/srv/c")), StoreUrl.parse("sqlite:/srv/c", "--store"));
    }
}
