package dev.uplink.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * picocli's writer over the process's redacting {@code System.out} or {@code System.err} (set by
 * {@link Main#main}): every line is redacted there, so it is not wrapped in a second redaction, and a
 * command with megabytes to print may write its bytes to {@link #bytes()} directly, without
 * encoding them to characters and back (docs/scaling.md#fleet-health).
 */
public final class StandardOutput extends PrintWriter {
    private final PrintStream bytes;

    StandardOutput(PrintWriter chars, PrintStream bytes) {
        super(chars, true);
        this.bytes = bytes;
    }

    /** The redacting byte stream under this writer: flush this writer before writing to it. */
    public PrintStream bytes() {
        return bytes;
    }
}
