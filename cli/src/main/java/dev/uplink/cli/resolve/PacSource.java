package dev.uplink.cli.resolve;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacFetchException;
import dev.uplink.core.autoconfig.PacFetcher;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.pac.PacScript;
import java.nio.file.Path;
import java.util.Locale;

/** {@code --pac FILE|URL}: a local path or an http(s)/file: URL, fetched and compiled once. */
final class PacSource {
    private PacSource() {}

    static PacScript load(String location, PacOptions options) {
        String lower = location.toLowerCase(Locale.ROOT);
        boolean isUrl = lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:");
        String url =
                isUrl ? location : Path.of(location).toAbsolutePath().toUri().toString();
        String text;
        try {
            text = new PacFetcher().fetch(url);
        } catch (PacFetchException e) {
            throw new InvalidInputException("--pac " + location + ": " + e.getMessage(), e);
        }
        return PacScript.compile(text, location, options);
    }
}
