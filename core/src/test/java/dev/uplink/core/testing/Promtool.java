package dev.uplink.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: Prometheus' own checker on an exposition ({@code promtool check metrics}, from Debian's
 * prometheus package): the text must parse and follow its naming rules, so a scraper accepts it.
 */
public final class Promtool {

    private Promtool() {}

    /** Fails with promtool's complaints unless {@code exposition} passes {@code promtool check metrics}. */
    public static void check(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\non:\n" + exposition);
    }
}
