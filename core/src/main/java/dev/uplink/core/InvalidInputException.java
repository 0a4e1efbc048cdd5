package dev.uplink.core;

/**
 * Bad input from a user or a file: a flag, a setting value, a file's content.
 * The message names the input and the expected form; the CLI maps it to exit code 2
 * and nothing is written to disk.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
