package dev.uplink.analyzer.probe;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.connect.Expect;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code analyze --urls FILE}: one URL per line, optionally followed by the expected answer
 * ({@code 200}, another status, or {@code any}; default 200 as for the probe URLs). Blank lines
 * and {@code #} comments are skipped; a bad line names its number and the expected form.
 */
public final class UrlListFile {
    static final long MAX_BYTES = 4L * 1024 * 1024;
    static final String EXPECTED =
            "expected one http:// or https:// URL per line, optionally followed by 200, another status or 'any'";

    private UrlListFile() {}

    public static List<ProbeTarget> read(Path file) {
        List<String> lines =
                InputFiles.readLines(file, MAX_BYTES, InputFiles.MAX_LINE_CHARS, "a --urls file: " + EXPECTED);
        String text = String.join("\n", lines);
        return parse(text, file.toString());
    }

    public static List<ProbeTarget> parse(String text, String source) {
        List<ProbeTarget> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String[] lines = text.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length > 2) {
                throw bad(source, i, line, "too many words");
            }
            String url = checkUrl(words[0], source, i);
            Expect expect = words.length == 2 ? expectation(words[1], source, i) : Expect.status(200);
            if (seen.add(url)) {
                targets.add(new ProbeTarget(url, expect));
            }
        }
        if (targets.isEmpty()) {
            throw new InvalidInputException(source + " lists no URL: " + EXPECTED);
        }
        return targets;
    }

    private static String checkUrl(String word, String source, int line) {
        try {
            URI uri = new URI(word);
            String scheme = uri.getScheme() == null ? "" : CaseMapping.lower(uri.getScheme());
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw bad(source, line, word, "not an http:// or https:// URL");
            }
            if (uri.getHost() == null) {
                throw bad(source, line, word, "no host name");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw bad(source, line, word, e.getReason());
        }
    }

    private static Expect expectation(String word, String source, int line) {
        try {
            return Expect.parse(word, "expected answer");
        } catch (InvalidInputException e) {
            throw bad(source, line, word, "the expected answer is not 200, another status or 'any'");
        }
    }

    private static InvalidInputException bad(String source, int line, String what, String why) {
        return new InvalidInputException(source + " line " + (line + 1) + ": '" + what + "': " + why + "; " + EXPECTED);
    }
}
