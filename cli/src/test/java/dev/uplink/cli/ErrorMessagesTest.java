package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures in words: the path, the reason and the fix; never a class name (docs/behaviour.md#error-messages). */
class ErrorMessagesTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        new NoSuchFileException("/srv/x/policy.json"),
                        "/srv/x/policy.json: no such file or directory; check the path, or create its directory first"),
                Arguments.of(
                        new UncheckedIOException(new AccessDeniedException("/etc/uplink/policy.json")),
                        "/etc/uplink/policy.json: permission denied; run as a user who may use it (e.g. with sudo),"
                                + " or fix its ownership or mode"),
                Arguments.of(
                        new IOException(
                                "cannot write /d/sub/policy.json: /d/sub: Not a directory",
                                new FileSystemException("/d/sub", null, "Not a directory")),
                        "cannot write /d/sub/policy.json: /d/sub: not a directory; part of the path is a file: give a"
                                + " path through directories"),
                Arguments.of(
                        new IOException(
                                new FileSystemException("/var/lib/uplink/spool/0001", null, "No space left on device")),
                        "/var/lib/uplink/spool/0001: no space left on device; free some disk space and retry"),
                Arguments.of(new IOException(new ConnectException("Connection refused")), "Connection refused"),
                Arguments.of(
                        new IllegalStateException(
                                "cannot reach the collector: java.net.ConnectException: Connection refused"),
                        "cannot reach the collector: Connection refused"),
                Arguments.of(
                        new IOException("TLS failed: javax.net.ssl.SSLHandshakeException: PKIX path building failed"),
                        "TLS failed: PKIX path building failed"),
                Arguments.of(new ConnectException(), "connection refused"),
                Arguments.of(
                        new IllegalStateException(),
                        "unexpected internal error; run again with UPLINK_DEBUG=1 for details and report it"),
                Arguments.of(
                        new StackOverflowError(),
                        "unexpected internal error; run again with UPLINK_DEBUG=1 for details and report it"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void describesInWords(Throwable failure, String expected) {
        String text = ErrorMessages.describe(failure);
        assertEquals(expected, text);
        assertFalse(text.contains("java.") || text.contains("Exception") || text.contains("Error:"), text);
    }
}
