package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Squid dstdomain semantics: exact names and .domain entries. */
class DestinationAllowlistTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        "example.com,             example.com,           true",
        "example.com,             EXAMPLE.com.,          true",
        "example.com,             www.example.com,       false",
        "example.com,             badexample.com,        false",
        ".example.com,            example.com,           true",
        ".example.com,            www.example.com,       true",
        ".example.com,            a.b.example.com,       true",
        ".example.com,            badexample.com,        false",
        ".example.com,            example.com.evil.org,  false",
        ".Events.Data.Microsoft.com, us-v20.events.data.microsoft.com, true",
        "127.0.0.1,               127.0.0.1,             true",
        "127.0.0.1,               127.0.0.2,             false",
        "[::1],                   ::1,                   true",
        "::1,                     [::1],                 true",
    })
    void matches(String entry, String host, boolean allowed) {
        assertEquals(allowed, DestinationAllowlist.of(entry).allows(host));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            value = {
                "*.example.com | leading dot",
                "''            | empty",
                ".             | empty",
                "exa mple.com  | not a valid host name",
                "-bad.com      | not a valid host name",
                "http://x.com  | not a valid host name",
            },
            delimiter = '|')
    void rejectsBadEntries(String entry, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DestinationAllowlist.of(entry));
        assertTrue(
                e.getMessage().contains("proxy allowlist entry")
                        && e.getMessage().contains(message),
                e.getMessage());
    }

    @Test
    void normalisesEntriesAndAllowAllAllowsAnything() {
        assertEquals(
                List.of(".example.com", "crl.microsoft.com"),
                DestinationAllowlist.of(" .Example.COM ", "CRL.microsoft.com").entries());
        assertTrue(DestinationAllowlist.allowAll().allows("anything.test"));
        assertEquals(false, DestinationAllowlist.of().allows("anything.test"));
    }
}
