package dev.uplink.collector.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.uplink.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aSqliteStoreIsItsDatabaseFilesRealPathHoweverItIsNamed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("collector.db"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), data);
        String identity = StoreIdentity.of(new StoreUrl.Sqlite(data));
        assertEquals("sqlite:" + data.toRealPath().resolve("collector.db"), identity);
        assertEquals(identity, StoreIdentity.of(new StoreUrl.Sqlite(link)));
        assertEquals(identity, StoreIdentity.of(new StoreUrl.Sqlite(dir.resolve("link/../data/."))));
        assertNotEquals(identity, StoreIdentity.of(new StoreUrl.Sqlite(Files.createDirectories(dir.resolve("other")))));
    }

    @ParameterizedTest
    @CsvSource({
        "postgresql://uplink@DB.corp.example/uplink, postgresql://uplink@db.corp.example:5432/uplink",
        "postgres://uplink@db.corp.example:5432/uplink?sslmode=require, postgresql://uplink@db.corp.example:5432/uplink",
        "postgresql://uplink@[::1]:6432/fleet, postgresql://uplink@[::1]:6432/fleet",
        "postgresql://other@db.corp.example/uplink, postgresql://other@db.corp.example:5432/uplink",
    })
    void aPostgresStoreIsUserHostPortAndDatabase(String url, String identity) {
        assertEquals(identity, StoreIdentity.of(StoreUrl.parse(url, "--store")));
    }

    @Test
    void withoutAUserItIsTheOperatingSystemUsersAsTheLoginIs() {
        String identity = StoreIdentity.of(StoreUrl.parse("postgresql://db.corp.example/uplink", "--store"));
        assertEquals("postgresql://" + System.getProperty("user.name") + "@db.corp.example:5432/uplink", identity);
        assertFalse(identity.contains("password"));
    }
}
