package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VersionProviderTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(
                        Map.of("version", "0.1.0", "commit", "7d0e4a6", "dirty", "false"),
                        "uplink 0.1.0 (commit 7d0e4a6)"),
                Arguments.of(
                        Map.of("version", "0.1.0", "commit", "7d0e4a6", "dirty", "true"),
                        "uplink 0.1.0 (commit 7d0e4a6-dirty)"),
                Arguments.of(Map.of("version", "0.1.0", "commit", "7d0e4a6"), "uplink 0.1.0 (commit 7d0e4a6)"),
                // Built without git (a source tarball): the build wrote an empty commit.
                Arguments.of(
                        Map.of("version", "0.1.0", "commit", "", "dirty", "false"), "uplink 0.1.0 (commit unknown)"),
                Arguments.of(
                        Map.of("version", "0.1.0", "commit", " ", "dirty", "true"), "uplink 0.1.0 (commit unknown)"),
                Arguments.of(
                        Map.of("version", "1.2.3 ", "commit", "abcdef0 ", "dirty", "true "),
                        "uplink 1.2.3 (commit abcdef0-dirty)"),
                // Classes run without the Maven build: no resource at all.
                Arguments.of(Map.of(), "uplink dev (commit unknown)"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void describesVersionAndCommit(Map<String, String> build, String expected) {
        assertEquals(expected, VersionProvider.describe(properties(build)));
    }

    @Test
    void readsThePomVersionAndTheCommitTheBuildWroteIntoTheJar() throws Exception {
        String pomVersion = System.getProperty("uplink.projectVersion");
        assertNotNull(pomVersion, "surefire passes uplink.projectVersion (cli/pom.xml)");
        String[] lines = new VersionProvider().getVersion();
        assertEquals(1, lines.length);
        Matcher m = Pattern.compile("uplink (\\S+) \\(commit ([0-9a-f]{7,40}|unknown)(-dirty)?\\)")
                .matcher(lines[0]);
        assertTrue(m.matches(), lines[0]);
        assertEquals(pomVersion, m.group(1), lines[0]);
        String head = gitHead();
        if (head == null) {
            assertEquals("unknown", m.group(2), "built without git: " + lines[0]);
        } else {
            assertTrue(head.startsWith(m.group(2)), "HEAD is " + head + ": " + lines[0]);
        }
    }

    /**
     * The checked-out commit, or null where the build records none: no .git at the repository root
     * (a source tarball) or no git command. Surefire runs in the module directory.
     */
    private static String gitHead() throws InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.exists(root.resolve(".git"))) {
            return null;
        }
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException noGit) {
            return null;
        }
        try {
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertTrue(git.waitFor(10, TimeUnit.SECONDS), "git rev-parse HEAD");
            return git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } finally {
            git.destroy();
        }
    }

    private static Properties properties(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }
}
