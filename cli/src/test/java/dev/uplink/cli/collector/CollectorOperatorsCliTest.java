package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.operators.OperatorTokens;
import dev.uplink.collector.operators.PasswordHasher;
import dev.uplink.collector.store.CollectorStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector operators add|remove|token|list} on a SQLite store (docs/behaviour.md#dashboard-and-operator-access). */
class CollectorOperatorsCliTest {

    static final String PASSWORD = "a long operator password";

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void dataDirectory() {
        data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            store.tenantId();
        }
    }

    Path passwordFile(String text, String mode) throws Exception {
        Path f = dir.resolve("pw-" + mode);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    static synchronized CliRun withStdin(String stdin, String... args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return CliRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    Optional<String> storedHash(String name) {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            return store.operators().passwordHash(name);
        }
    }

    static void assertNoSecret(CliRun r, String secret) {
        assertFalse(r.out().contains(secret) || r.err().contains(secret), "output shows the secret: " + r);
    }

    @Test
    void addsAnOperatorWithAnArgon2idHashFromAPasswordFile() throws Exception {
        CliRun r = CliRun.of(
                "collector",
                "operators",
                "add",
                "alice",
                "--password-file",
                passwordFile(PASSWORD + "\n", "rw-------").toString(),
                "--data",
                data.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("added operator alice\n", r.out());
        assertNoSecret(r, PASSWORD);
        String hash = storedHash("alice").orElseThrow();
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(
                new PasswordHasher().verify(PASSWORD.toCharArray(), hash), "the newline is not part of the password");
        assertFalse(hash.contains(PASSWORD));
    }

    @Test
    void readsThePasswordFromStandardInputWhenNotATerminal() {
        CliRun r = withStdin(PASSWORD + "\n", "collector", "operators", "add", "bob", "--data", data.toString());
        assertEquals(0, r.exit(), r.err());
        assertNoSecret(r, PASSWORD);
        assertTrue(new PasswordHasher()
                .verify(PASSWORD.toCharArray(), storedHash("bob").orElseThrow()));
    }

    @Test
    void refusesBadInputWithExit2AndStoresNothing() throws Exception {
        String shortPw = "short-pw";
        CliRun tooShort =
                withStdin(shortPw + "\n", "collector", "operators", "add", "carol", "--data", data.toString());
        assertEquals(2, tooShort.exit());
        assertTrue(tooShort.err().contains("too short: expected at least 12 characters"), tooShort.err());
        assertNoSecret(tooShort, shortPw);

        CliRun noInput = withStdin("", "collector", "operators", "add", "carol", "--data", data.toString());
        assertEquals(2, noInput.exit());
        assertTrue(noInput.err().contains("--password-file FILE or one line on standard input"), noInput.err());

        CliRun readable = CliRun.of(
                "collector",
                "operators",
                "add",
                "carol",
                "--password-file",
                passwordFile(PASSWORD, "rw-r--r--").toString(),
                "--data",
                data.toString());
        assertEquals(2, readable.exit(), readable.err());
        assertNoSecret(readable, PASSWORD);

        CliRun badName =
                withStdin(PASSWORD + "\n", "collector", "operators", "add", "<carol>", "--data", data.toString());
        assertEquals(2, badName.exit());
        assertTrue(badName.err().contains("operator name '<carol>' is not valid: expected"), badName.err());

        assertTrue(storedHash("carol").isEmpty());

        assertEquals(
                0,
                withStdin(PASSWORD + "\n", "collector", "operators", "add", "dave", "--data", data.toString())
                        .exit());
        String before = storedHash("dave").orElseThrow();
        CliRun again = withStdin(
                "another long password\n", "collector", "operators", "add", "dave", "--data", data.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("operator dave already exists"), again.err());
        assertEquals(before, storedHash("dave").orElseThrow(), "the password did not change");
    }

    @Test
    void aTokenIsPrintedOnceAndStoredOnlyAsItsHash() {
        assertEquals(
                0,
                withStdin(PASSWORD + "\n", "collector", "operators", "add", "alice", "--data", data.toString())
                        .exit());
        CliRun r = CliRun.of("collector", "operators", "token", "alice", "--data", data.toString());
        assertEquals(0, r.exit(), r.err());
        String token = r.out().strip();
        assertTrue(OperatorTokens.looksLikeToken(token), token);
        assertTrue(r.err().contains("shown only now"), r.err());
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(Optional.of("alice"), store.operators().operatorForToken(OperatorTokens.hash(token)));
        }
        CliRun second = CliRun.of("collector", "operators", "token", "alice", "--data", data.toString());
        assertFalse(second.out().strip().equals(token), "every token is new");

        CliRun unknown = CliRun.of("collector", "operators", "token", "nobody", "--data", data.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no operator named nobody"), unknown.err());

        CliRun removed = CliRun.of("collector", "operators", "remove", "alice", "--data", data.toString());
        assertEquals(0, removed.exit(), removed.err());
        assertEquals("removed operator alice\n", removed.out());
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertTrue(
                    store.operators()
                            .operatorForToken(OperatorTokens.hash(token))
                            .isEmpty(),
                    "tokens go with it");
        }
        assertEquals(
                2,
                CliRun.of("collector", "operators", "remove", "alice", "--data", data.toString())
                        .exit());
    }

    @Test
    void listsNamesOnly() {
        CliRun empty = CliRun.of("collector", "operators", "list", "--data", data.toString());
        assertEquals("no operators: add one with 'uplink collector operators add NAME'\n", empty.out());
        for (String name : List.of("bob", "alice")) {
            assertEquals(
                    0,
                    withStdin(PASSWORD + "\n", "collector", "operators", "add", name, "--data", data.toString())
                            .exit());
        }
        CliRun text = CliRun.of("collector", "operators", "list", "--data", data.toString());
        assertEquals("alice\nbob\n", text.out());
        CliRun json = CliRun.of("collector", "operators", "list", "--json", "--data", data.toString());
        assertEquals("[\"alice\",\"bob\"]\n", json.out());
        assertFalse(json.out().contains("argon2"));
    }
}
