package dev.uplink.core.wpad;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies lease fixtures from test resources into a test's temp directory under the name a DHCP client would use. */
final class Fixtures {

    private Fixtures() {}

    static Path copy(String fixture, Path dir, String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wpad/leases/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
