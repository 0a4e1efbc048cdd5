package dev.uplink.collector.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    /**
     * Known answers from the Argon2 reference implementation (libargon2 20171227,
     * argon2id_hash_encoded), so the strings are interoperable, not just self-consistent.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "correct horse battery|$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$69I7qCjDTsQwhQqFvpQJiqEI0lGQvxC84fXE0Ktxca4",
                "pässwörd ✓|$argon2id$v=19$m=64,t=1,p=2$c2FsdHNhbHQ$L7v/NVvPQ+cmsYkxnF7hGg",
                "password|$argon2id$v=19$m=256,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
            })
    void verifiesReferenceHashes(String password, String encoded) {
        assertTrue(hasher.verify(password.toCharArray(), encoded));
        assertFalse(hasher.verify((password + "x").toCharArray(), encoded));
    }

    @Test
    void hashesWithOwaspParametersAndAFreshSalt() {
        char[] pw = "a long operator password".toCharArray();
        String a = hasher.hash(pw);
        String b = hasher.hash(pw);
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertNotEquals(a, b, "each hash has its own salt");
        assertTrue(hasher.verify(pw, a));
        assertTrue(hasher.verify(pw, b));
        assertFalse(hasher.verify("a long operator passwore".toCharArray(), a));
        assertTrue(PasswordHasher.isWellFormed(a));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''",
                "plain",
                "$argon2i$v=19$m=256,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
                "$argon2id$v=16$m=256,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
                // 4 GiB of memory or 999 passes from a corrupt row must not be attempted
                "$argon2id$v=19$m=4194304,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
                "$argon2id$v=19$m=256,t=999,p=1$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
                "$argon2id$v=19$m=256,t=3,p=0$c29tZXNhbHRzb21lc2FsdA$RXEiBcqOB3fgfutVLicWXTRQtCup2eZGub5TYRaxksw",
                "$argon2id$v=19$m=256,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$short",
            })
    void malformedOrUnboundedStringsMatchNothing(String encoded) {
        assertFalse(PasswordHasher.isWellFormed(encoded));
        assertFalse(hasher.verify("password".toCharArray(), encoded));
    }

    @Test
    void refusesToHashAnOverlongPassword() {
        char[] huge = new char[PasswordHasher.MAX_LENGTH + 1];
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(huge));
        assertEquals(false, hasher.verify(huge, hasher.hash("a long operator password".toCharArray())));
    }
}
