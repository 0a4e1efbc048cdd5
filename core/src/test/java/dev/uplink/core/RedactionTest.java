package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://user:pass@proxy.corp:3128                   | http://***@proxy.corp:3128",
                "https://u%40x:p%3Aw@10.0.0.6:8080/path             | https://***@10.0.0.6:8080/path",
                "socks5://a:b@[fd00::6]:1080                        | socks5://***@[fd00::6]:1080",
                "alice:s3cret@proxy:3128                            | ***@proxy:3128",
                "refused by http://bob:hunter2@127.0.0.1:3999 now   | refused by http://***@127.0.0.1:3999 now",
                "http://user@proxy:3128                             | http://user@proxy:3128",
                "mail admin@corp.example                            | mail admin@corp.example",
                "PROXY 10.0.0.6:8080; DIRECT                        | PROXY 10.0.0.6:8080; DIRECT",
                "Authorization: Basic YWxpY2U6czNjcmV0              | Authorization: Basic ***",
                "Proxy-Authorization: Negotiate TlRMTVNTUAAB        | Proxy-Authorization: Negotiate ***",
                "authorization=abc123                               | authorization=***",
                "sent Bearer eyJhbGciOi.x.y to server               | sent Bearer *** to server",
                "https://x.blob.core.windows.net/c?sv=1&sig=AbC%2B&se=2 | https://x.blob.core.windows.net/c?sv=1&sig=***&se=2",
                "https://h/cb?access_token=t0k&state=1              | https://h/cb?access_token=***&state=1",
                "https://h/?password=pw                             | https://h/?password=***",
                "nothing secret here                                | nothing secret here",
                "''                                                 | ''",
            })
    void redactsCredentialsInText(String input, String expected) {
        assertEquals(expected, Redaction.redactText(input));
    }

    @ParameterizedTest
    @CsvSource({
        "password, true", "ProxyPassword, true", "client_secret, true", "token, true", "accessToken, true",
        "Authorization, true", "Proxy-Authorization, true", "api_key, true", "apiKey, true", "credentials, true",
        "Cookie, true", "proxy, false", "ProxyBypass, false", "AutoconfigUrl, false",
                "DisableEnterpriseAuthProxy, false",
    })
    void secretKeys(String key, boolean secret) {
        assertEquals(secret, Redaction.isSecretKey(key));
    }

    @Test
    void redactsConfigurationTreesDeeply() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Proxy", "http://u:p@proxy:3128");
        config.put("password", "pw");
        config.put("nested", Map.of("token", "t", "list", List.of("x:y@h:1", 5)));
        config.put("port", 3128);
        config.put("enabled", true);
        config.put("none", null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("Proxy", "http://***@proxy:3128");
        expected.put("password", "***");
        expected.put("nested", Map.of("token", "***", "list", List.of("***@h:1", 5)));
        expected.put("port", 3128);
        expected.put("enabled", true);
        expected.put("none", null);
        assertEquals(expected, Redaction.redactConfiguration(config));
    }

    /** Linear in the text: a long value with no credentials after its '@' took seconds (EnvProxyFuzzTest). */
    @org.junit.jupiter.api.Test
    void longValuesAreRedactedInLinearTime() {
        String value = "http://u:s3cret@proxy" + ":oxy".repeat(50_000) + ":3128/path";
        long t0 = System.nanoTime();
        String out = Redaction.redactText(value);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(out.startsWith("http://***@proxy:oxy"), out.substring(0, 40));
        org.junit.jupiter.api.Assertions.assertFalse(out.contains("s3cret"));
        // Generous: the linear scan takes milliseconds; the quadratic one took about 25 s for this input.
        org.junit.jupiter.api.Assertions.assertTrue(millis < 3_000, millis + " ms");
    }

    /**
     * Linear in a long line of many words with one '@' early in it (a health document's line): each
     * word looked back to the line's start for an '@', which took minutes for a few megabytes.
     */
    @Test
    void aLongLineWithOneEarlyAtIsRedactedInLinearTime() {
        String line = "proxy http://u:s3cret@proxy:3128 then" + " word".repeat(400_000);
        long t0 = System.nanoTime();
        String out = Redaction.redactText(line);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("proxy http://***@proxy:3128 then" + " word".repeat(400_000), out);
        // Generous: the linear scan takes milliseconds; the quadratic one about a minute for this input.
        org.junit.jupiter.api.Assertions.assertTrue(millis < 3_000, millis + " ms");
    }

    /** A password holding a Unicode line separator is still removed whole. */
    @org.junit.jupiter.api.Test
    void aPasswordWithALineSeparatorIsRemovedWhole() {
        String out = Redaction.redactText("proxy http://user:pa\u2028ss@host:8080 set");
        org.junit.jupiter.api.Assertions.assertEquals("proxy http://***@host:8080 set", out);
    }

    /** Counts the writes that reach the file descriptor (each one a system call for a real stdout). */
    private static final class CountingStream extends java.io.ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }
    }

    /** A block of lines (resolve --urls output) reaches stdout in one write, each line still redacted. */
    @Test
    void printStreamPassesABlockOfLinesOnInOneWrite() {
        CountingStream fd = new CountingStream();
        java.io.PrintStream ps = Redaction.printStream(fd);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            block.append("http://h")
                    .append(i)
                    .append(".example/\tPROXY http://u:pw")
                    .append(i)
                    .append("@p:3128\n");
        }
        byte[] bytes = block.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ps.write(bytes, 0, bytes.length);
        String out = fd.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(50, out.lines().count(), out);
        org.junit.jupiter.api.Assertions.assertFalse(out.contains("pw"), out);
        assertEquals(
                "http://h7.example/\tPROXY http://***@p:3128",
                out.lines().toList().get(7));
        assertEquals(1, fd.writes, "writes to the descriptor for 50 lines");
    }

    /** A single line (a log line on stderr) still reaches the descriptor at once, redacted. */
    @Test
    void printStreamWritesEachPrintedLineAtOnce() {
        CountingStream fd = new CountingStream();
        java.io.PrintStream ps = Redaction.printStream(fd);
        ps.println("proxy http://u:secret@p:3128");
        assertEquals("proxy http://***@p:3128\n", fd.toString(java.nio.charset.StandardCharsets.UTF_8));
        ps.print("partial http://u:");
        ps.flush();
        ps.write('x');
        ps.write('\n');
        assertEquals(
                "proxy http://***@p:3128\npartial http://u:x\n", fd.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A line printed in pieces is redacted whole: no piece alone holds the password's pattern. */
    @Test
    void printStreamRedactsALinePrintedInPieces() {
        CountingStream fd = new CountingStream();
        java.io.PrintStream ps = Redaction.printStream(fd);
        ps.print("proxy http://u:");
        ps.print("secret@p:3128");
        assertEquals("", fd.toString(java.nio.charset.StandardCharsets.UTF_8), "a partial line waits");
        ps.println();
        assertEquals("proxy http://***@p:3128\n", fd.toString(java.nio.charset.StandardCharsets.UTF_8));
        ps.print("then http://v:");
        ps.print("other@q:8080 and more");
        ps.flush();
        assertEquals(
                "proxy http://***@p:3128\nthen http://***@q:8080 and more",
                fd.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
