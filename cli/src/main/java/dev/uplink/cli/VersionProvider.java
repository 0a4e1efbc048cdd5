package dev.uplink.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code uplink 0.1.0 (commit 7d0e4a6)}: the POM version and the commit the jar was built from, both
 * written into the jar by the build (cli/pom.xml) so they are declared in one place.
 */
public class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {describe(load())};
    }

    /**
     * The version line. The commit is "unknown" when the build had no git (a source tarball) and
     * ends in "-dirty" when tracked files had uncommitted changes.
     */
    static String describe(Properties build) {
        // "dev": classes run without the Maven build, e.g. from an IDE.
        String version = build.getProperty("version", "dev").strip();
        String commit = build.getProperty("commit", "").strip();
        if (commit.isEmpty()) {
            commit = "unknown";
        } else if (Boolean.parseBoolean(build.getProperty("dirty", "").strip())) {
            commit += "-dirty";
        }
        return "uplink " + version + " (commit " + commit + ")";
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource says as much as a missing one: the line shows what is known.
        }
        return p;
    }
}
