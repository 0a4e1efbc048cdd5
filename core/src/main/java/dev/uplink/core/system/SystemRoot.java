package dev.uplink.core.system;

import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's files as seen below a root directory ({@code --root DIR}, default {@code /}), read
 * with limits: at most {@link #MAX_FILE_BYTES} per file and {@link #MAX_DIR_ENTRIES} names per
 * directory. Below another root, an absolute symbolic link is followed inside that root (a mounted
 * disk image's {@code /etc/x -> /usr/lib/x} means the image's file, not this machine's).
 * Every failure becomes a {@link Finding}, never an exception (docs/behaviour.md#machine-proxy-sources).
 */
public final class SystemRoot {

    /** Settings files are a few KiB; the limit only keeps a wrong file from filling memory. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    public static final int MAX_DIR_ENTRIES = 1024;
    private static final int MAX_LINK_HOPS = 16;

    private final Path root;
    private final List<Finding> findings = new ArrayList<>();

    public SystemRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The findings so far, in the order they were made. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    void report(String location, String message) {
        findings.add(new Finding(location, message));
    }

    /** How to name {@code absolute} in messages: the machine's path, with the root when it is not /. */
    public String display(String absolute) {
        return root.getParent() == null ? absolute : root + absolute;
    }

    /** The file's path below the root, links re-rooted; empty when it does not exist. */
    Optional<Path> locate(String absolute) {
        String current = absolute;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            Path p = below(current);
            if (!Files.isSymbolicLink(p)) {
                return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
            }
            try {
                Path target = Files.readSymbolicLink(p);
                current = target.isAbsolute()
                        ? target.toString()
                        : Path.of(current).resolveSibling(target).normalize().toString();
            } catch (IOException e) {
                report(display(absolute), "cannot read the link: " + e.getMessage());
                return Optional.empty();
            }
        }
        report(display(absolute), "more than " + MAX_LINK_HOPS + " symbolic links: not read");
        return Optional.empty();
    }

    /** The machine path {@code absolute} after following links (for masked units: /dev/null). */
    String resolveLinks(String absolute) {
        String current = absolute;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            Path p = below(current);
            if (!Files.isSymbolicLink(p)) {
                return current;
            }
            try {
                Path target = Files.readSymbolicLink(p);
                current = target.isAbsolute()
                        ? target.toString()
                        : Path.of(current).resolveSibling(target).normalize().toString();
            } catch (IOException e) {
                return current;
            }
        }
        return current;
    }

    private Path below(String absolute) {
        String relative = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        Path p = root.resolve(relative).normalize();
        // ".." in a link target never leaves the root.
        return p.startsWith(root) ? p : root;
    }

    /**
     * The text of a file (UTF-8, or ISO-8859-1 when it is not valid UTF-8), empty when it does not
     * exist or cannot be used (then a finding says why).
     */
    public Optional<String> readText(String absolute) {
        return readBytes(absolute).map(SystemRoot::decode);
    }

    public Optional<byte[]> readBytes(String absolute) {
        Optional<Path> p = locate(absolute);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!Files.isReadable(p.get())) {
                report(display(absolute), "not readable by this user (run as root to include it)");
                return Optional.empty();
            }
            return Optional.of(InputFiles.read(p.get(), MAX_FILE_BYTES, "a settings file"));
        } catch (InvalidInputException e) {
            report(display(absolute), e.getMessage().replace(p.get().toString(), "the file"));
        } catch (UncheckedIOException e) {
            report(display(absolute), "cannot read: " + e.getCause().getMessage());
        }
        return Optional.empty();
    }

    /** The bytes of a file, or null without a finding (processes come and go while /proc is read). */
    byte[] readQuietly(String absolute) {
        Optional<Path> p = locate(absolute);
        if (p.isEmpty()) {
            return null;
        }
        try {
            return InputFiles.read(p.get(), MAX_FILE_BYTES, "a settings file");
        } catch (InvalidInputException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The names in a directory, sorted, at most {@link #MAX_DIR_ENTRIES} (more is a finding), empty
     * when it does not exist.
     */
    public List<String> list(String absoluteDir) {
        return listAll(absoluteDir, MAX_DIR_ENTRIES);
    }

    /** As {@link #list}, with another limit (/proc). */
    List<String> listAll(String absoluteDir, int maxEntries) {
        Optional<Path> dir = locate(absoluteDir);
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.get())) {
            for (Path e : entries) {
                if (names.size() == maxEntries) {
                    report(display(absoluteDir), "more than " + maxEntries + " entries: only the first were read");
                    break;
                }
                names.add(e.getFileName().toString());
            }
        } catch (IOException e) {
            report(display(absoluteDir), "cannot list the directory: " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
