package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    /** pattern, text, shell expression (* and ?), stars only. */
    @ParameterizedTest
    @CsvSource({
        "*.example.com, www.example.com, true, true",
        "*.example.com, example.com, false, false",
        "*example.com, example.com, true, true",
        "*, '', true, true",
        "'', '', true, true",
        "'', a, false, false",
        "a*, '', false, false",
        "www.*.com, www.a.b.com, true, true",
        "*.corp.*, host.corp.example, true, true",
        "10.0.*, 10.0.1.2, true, true",
        "10.0.*, 10.1.1.2, false, false",
        "Host, host, false, false",
        "h?st, host, true, false",
        "h?st, h?st, true, true",
        "?, '', false, false",
        "*?, a, true, false",
        "a*b*c, abXbYc, true, true",
        "a*b*c, abXbYcd, false, false",
        "**, x, true, true",
        "*a, aaab, false, false",
    })
    void table(String pattern, String text, boolean shell, boolean stars) {
        assertEquals(shell, Glob.matchesShellExpression(pattern, text), "shell");
        assertEquals(stars, Glob.matchesStars(pattern, text), "stars");
    }

    @Test
    void hostilePatternsStayLinear() {
        String text = "a".repeat(5_000);
        String pattern = "*a".repeat(200) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(Glob.matchesShellExpression(pattern, text));
            assertFalse(Glob.matchesStars(pattern, text));
        });
    }
}
