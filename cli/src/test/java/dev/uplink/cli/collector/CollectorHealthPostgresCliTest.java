package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector sites} and {@code collector health} on a real PostgreSQL store (one cluster for the class). */
class CollectorHealthPostgresCliTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @TempDir
    Path dir;

    @Test
    void sitesAndHealthOnPostgres() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PostgresHarness.PASSWORD + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            CollectorHealthCliTest.fleet(store);
        }
        List<String> common = List.of("--store", url.display(), "--store-password-file", pw.toString());

        CliRun bad = run(common, "sites", "set", "hq", "10.1.0.0/33");
        assertEquals(2, bad.exit());
        assertTrue(
                bad.err().contains("CIDR '10.1.0.0/33': the prefix length must be a number from 0 to 32"), bad.err());
        CliRun set = run(common, "sites", "set", "hq", "10.1.0.0/16");
        assertEquals(0, set.exit(), set.err());

        CliRun health = run(common, "health", "--json");
        assertEquals(0, health.exit(), health.err());
        JsonNode doc = new ObjectMapper().readTree(health.out());
        assertEquals("hq", doc.get("sites").get(1).get("name").asText());
        assertEquals(2, doc.get("sites").get(1).get("failingDevices").asInt());

        CliRun fix = run(common, "health", "--site", "hq", "--fix", "inspection-bypass");
        assertEquals(0, fix.exit(), fix.err());
        // Only the intercepted endpoint: the refused one needs the allowlist instead (docs/behaviour.md#fix-lists).
        assertEquals(
                List.of("pinned.example.com"),
                fix.out()
                        .lines()
                        .filter(l -> !l.startsWith("#") && !l.isBlank())
                        .toList());
    }

    private static CliRun run(List<String> common, String... args) {
        List<String> a = new java.util.ArrayList<>(List.of("collector"));
        a.addAll(List.of(args));
        a.addAll(common);
        return CliRun.of(a.toArray(new String[0]));
    }
}
