package dev.uplink.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project explains itself: every {@code docs/...} path (and {@code #anchor}) that a source file
 * cites exists, and no source file cites a document outside the repository.
 */
class DocsCitationsTest {

    /** Tests run in the module directory; the repository is its parent. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private static final Pattern CITATION = Pattern.compile("docs/[A-Za-z0-9_./-]+\\.md(#[A-Za-z0-9_-]+)?");
    /** Split so that this line does not cite them itself. */
    private static final Pattern OUTSIDE = Pattern.compile(
            String.join("|", "semantics" + "\\.md", "semantics" + " §", "DESIGN" + "\\.md", "shared" + "/reference"));

    @Test
    void everyCitedDocAndAnchorExists() throws IOException {
        List<String> broken = new ArrayList<>();
        int cited = 0;
        for (Path source : sources()) {
            Matcher m = CITATION.matcher(Files.readString(source));
            while (m.find()) {
                cited++;
                String citation = m.group();
                String file = m.group(1) == null ? citation : citation.substring(0, citation.indexOf('#'));
                Path doc = REPO.resolve(file);
                if (!Files.isRegularFile(doc)) {
                    broken.add(REPO.relativize(source) + ": " + citation + " (no such file)");
                } else if (m.group(1) != null
                        && !anchors(doc).contains(m.group(1).substring(1))) {
                    broken.add(REPO.relativize(source) + ": " + citation + " (no such heading)");
                }
            }
        }
        assertTrue(cited > 20, "expected the code to cite docs/, found " + cited + " citations under " + REPO);
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    @Test
    void noSourceCitesADocumentOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path source : sources()) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    found.add(REPO.relativize(source) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path module :
                    modules.filter(p -> Files.isDirectory(p.resolve("src"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src"))) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                }
            }
        }
        assertTrue(out.size() > 100, "expected the repository's sources under " + REPO + ", found " + out.size());
        return out;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path doc) {
        Set<String> out = new HashSet<>();
        try {
            for (String line : Files.readAllLines(doc)) {
                if (line.startsWith("#")) {
                    String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                    out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
