package dev.uplink.cli.resolve;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.autoconfig.PacFetchException;
import dev.uplink.core.autoconfig.PacFetcher;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code --pac FILE|URL|-}: a local path, an http(s)/file: URL, or the script on stdin, fetched
 * and compiled once. A script that cannot be had (missing file, unreachable URL) or that fails
 * to compile or run its top level is a runtime failure (exit 1) with the fetcher's or the
 * engine's plain message (docs/behaviour.md#pac-fetching-and-caching).
 */
final class PacSource {
    /** Read from stdin: at most the PAC size limit, counted in bytes, and one byte more to notice a longer input. */
    private static final int MAX_STDIN_BYTES = PacOptions.MAX_SCRIPT_CHARS;

    private PacSource() {}

    static PacScript load(String location, PacOptions options, InputStream stdin) {
        if (location.equals("-")) {
            return PacScript.compile(readStdin(stdin), "stdin", options);
        }
        String lower = CaseMapping.lower(location);
        boolean isUrl = lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:");
        String url =
                isUrl ? location : Path.of(location).toAbsolutePath().toUri().toString();
        String text;
        try {
            text = new PacFetcher().fetch(url);
        } catch (PacFetchException e) {
            throw new PacFetchException("--pac " + location + ": " + e.getMessage(), e);
        }
        return PacScript.compile(text, location, options);
    }

    private static String readStdin(InputStream in) {
        try {
            byte[] bytes = in.readNBytes(MAX_STDIN_BYTES + 1);
            if (bytes.length > MAX_STDIN_BYTES) {
                throw new PacFetchException("--pac -: the script on stdin is larger than the 1 MiB limit");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("--pac -: cannot read stdin: " + e.getMessage(), e);
        }
    }
}
