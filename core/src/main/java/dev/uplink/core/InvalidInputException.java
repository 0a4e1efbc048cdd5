package dev.uplink.core;

/**
 * Bad input from a user or a file: a flag, a setting value, a file's content.
 * The message names the input and the expected form; the CLI maps it to exit code 2
 * and nothing is written to disk.
 *
 * <p>No stack trace is recorded: the message is the whole report (nothing prints the trace), and
 * a hostile input can make a parser refuse hundreds of thousands of rows or lines, each of which
 * would otherwise cost a kilobyte or two of trace (CatalogFuzzTest found 1 GB for a 7 MB catalog).
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null, false, false);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
