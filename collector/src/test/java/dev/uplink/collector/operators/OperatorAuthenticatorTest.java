package dev.uplink.collector.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.CollectorStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators' passwords and tokens against a real store (docs/behaviour.md#dashboard-and-operator-access). */
class OperatorAuthenticatorTest {

    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    static CollectorStore store;
    static OperatorAuthenticator auth;
    static String token;

    @BeforeAll
    static void operator() {
        store = CollectorStore.open(dir.resolve("data"));
        PasswordHasher hasher = new PasswordHasher();
        store.operators().add("alice", hasher.hash(PASSWORD.toCharArray()), Instant.now());
        token = OperatorTokens.newToken();
        store.operators().addToken("alice", OperatorTokens.hash(token), Instant.now());
        auth = new OperatorAuthenticator(store.operators(), hasher);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void acceptsTheRightPasswordOnly() {
        assertEquals(Optional.of("alice"), auth.login("alice", PASSWORD.toCharArray()));
        assertEquals(Optional.empty(), auth.login("alice", (PASSWORD + " ").toCharArray()));
        assertEquals(Optional.empty(), auth.login("alice", new char[0]));
        assertEquals(Optional.empty(), auth.login("mallory", PASSWORD.toCharArray()));
        assertEquals(Optional.empty(), auth.login("<alice>", PASSWORD.toCharArray()));
        char[] huge = new char[PasswordHasher.MAX_LENGTH + 1];
        Arrays.fill(huge, 'a');
        assertEquals(Optional.empty(), auth.login("alice", huge));
    }

    @Test
    void acceptsIssuedTokensOnly() {
        assertEquals(Optional.of("alice"), auth.token(token));
        assertEquals(Optional.empty(), auth.token(OperatorTokens.newToken()));
        assertEquals(Optional.empty(), auth.token(token.substring(0, token.length() - 1)));
        assertEquals(Optional.empty(), auth.token("dev-0123456789abcdef." + token.substring(6)));
        assertEquals(Optional.empty(), auth.token(null));
    }

    /**
     * An unknown name costs a full Argon2id check like a wrong password (a dummy hash): without it an
     * unknown name would answer about a thousand times faster, telling which operators exist. The
     * bound is loose (a third) so that a loaded machine cannot fail it; the difference it guards
     * against is three orders of magnitude.
     */
    @Test
    void anUnknownNameTakesAsLongAsAWrongPassword() {
        long[] wrong = new long[5];
        long[] unknown = new long[5];
        for (int i = 0; i < 5; i++) {
            wrong[i] = time(() -> auth.login("alice", "wrong password here".toCharArray()));
            String nobody = "nobody-" + i;
            unknown[i] = time(() -> auth.login(nobody, "wrong password here".toCharArray()));
        }
        long w = median(wrong);
        long u = median(unknown);
        assertTrue(u * 3 >= w, "unknown name " + u / 1000 + " us, wrong password " + w / 1000 + " us");
    }

    private static long time(Supplier<Optional<String>> login) {
        long start = System.nanoTime();
        assertTrue(login.get().isEmpty());
        return System.nanoTime() - start;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
