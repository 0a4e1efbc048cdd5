package dev.uplink.cli;

import dev.uplink.core.CaseMapping;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * The text of an {@code uplink: ...} error for a failure no command described itself: what
 * failed, in words, never a Java class name (docs/behaviour.md#error-messages). A file-system
 * failure names the path, the reason and what to do about it.
 */
public final class ErrorMessages {

    /**
     * A qualified exception or error class name as {@code Throwable.toString()} writes it (and
     * {@code new IOException(cause)} copies into its message), with its colon.
     */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Failure)\\b:?\\s*");

    private ErrorMessages() {}

    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof FileSystemException f) {
            return fileSystem(f, outerContext(failure, t));
        }
        String m = cleaned(t.getMessage());
        if (m.isEmpty() && t != failure) {
            m = cleaned(failure.getMessage());
        }
        return m.isEmpty() ? byType(t) : m;
    }

    /** The failure with wrappers that add no words of their own taken off. */
    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null
                && cur.getCause() != cur
                && (cur instanceof UncheckedIOException
                        || cur.getMessage() == null
                        || cur.getMessage().equals(cur.getCause().toString())
                        || cur.getCause() instanceof FileSystemException
                                && cur.getMessage().endsWith(cur.getCause().getMessage()))) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** Words the wrapper put before the file-system failure ("cannot write the CA in DIR"), if any. */
    private static String outerContext(Throwable outer, Throwable inner) {
        if (outer == inner || outer.getMessage() == null) {
            return "";
        }
        String m = cleaned(outer.getMessage());
        String innerText = inner.getMessage() == null ? "" : inner.getMessage();
        if (!innerText.isEmpty() && m.endsWith(innerText)) {
            m = m.substring(0, m.length() - innerText.length());
        }
        m = m.strip();
        while (m.endsWith(":")) {
            m = m.substring(0, m.length() - 1).strip();
        }
        return m;
    }

    private static String fileSystem(FileSystemException f, String context) {
        String path = f.getFile() == null ? "(unknown path)" : f.getFile();
        String what;
        if (f instanceof NoSuchFileException) {
            what = path + ": no such file or directory; check the path, or create its directory first";
        } else if (f instanceof AccessDeniedException) {
            what = path + ": permission denied; run as a user who may use it (e.g. with sudo), or fix its"
                    + " ownership or mode";
        } else if (f instanceof FileAlreadyExistsException) {
            what = path + ": already exists; remove it or choose another name";
        } else if (f instanceof NotDirectoryException) {
            what = path + ": not a directory; give a directory";
        } else if (f instanceof DirectoryNotEmptyException) {
            what = path + ": directory not empty; empty it or choose another";
        } else {
            String reason = f.getReason() == null ? "input/output error" : CaseMapping.lower(cleaned(f.getReason()));
            what = path + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason + "; "
                    + fixFor(reason);
        }
        return context.isEmpty() ? what : context + ": " + what;
    }

    /** What to do about the operating system's reason (its strerror text). */
    private static String fixFor(String reason) {
        if (reason.contains("no space") || reason.contains("quota")) {
            return "free some disk space and retry";
        }
        if (reason.contains("read-only")) {
            return "choose a location on a writable file system";
        }
        if (reason.contains("not a directory")) {
            return "part of the path is a file: give a path through directories";
        }
        if (reason.contains("is a directory")) {
            return "give a file, not a directory";
        }
        if (reason.contains("permission") || reason.contains("not permitted")) {
            return "run as a user who may use it (e.g. with sudo), or fix its ownership or mode";
        }
        return "check the path and the disk, then retry";
    }

    /** Java class names taken out of a message; what is left is the words. */
    public static String cleaned(String message) {
        if (message == null) {
            return "";
        }
        return CLASS_NAME.matcher(message).replaceAll("").strip();
    }

    /** Words for failures that came without a message. */
    private static String byType(Throwable t) {
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give Java a larger heap (UPLINK_JAVA_OPTS=-Xmx...)";
        }
        return "unexpected internal error; run again with UPLINK_DEBUG=1 for details and report it";
    }
}
