package dev.uplink.collector.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The peer decisions, table-driven on the system's real user principals (compared by uid as the
 * kernel reports them). A connection from a real other uid is in {@code ControlSocketServerTest}.
 */
class PeerPolicyTest {

    @TempDir
    java.nio.file.Path dir;

    private UserPrincipal user(String name) throws Exception {
        if (name.equals("-")) {
            return null;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        return users.lookupPrincipalByName(name);
    }

    @ParameterizedTest(name = "peer {0}, collector {1}, root {2}: {3}")
    @CsvSource({
        "daemon, daemon, root, true",
        "root,   daemon, root, true",
        "nobody, daemon, root, false",
        "bin,    daemon, root, false",
        "root,   root,   root, true",
        "nobody, root,   root, false",
        "root,   daemon, -,    false",
        "-,      daemon, root, false",
        "0,      daemon, root, true", // a uid looked up by number is the same principal as its name
    })
    void theCollectorServesItsOwnUserAndRootOnly(String peer, String collector, String root, boolean served)
            throws Exception {
        assertEquals(served, PeerPolicy.collectorServes(user(peer), user(collector), user(root)));
    }

    @ParameterizedTest(name = "server {0}, command {1}, socket dir owner {2}: {3}")
    @CsvSource({
        "daemon, daemon, bin,    true",
        "root,   daemon, bin,    true",
        "bin,    root,   bin,    true",
        "nobody, root,   bin,    false",
        "nobody, daemon, daemon, false",
        "-,      root,   root,   false",
        "nobody, -,      -,      false",
    })
    void theCommandBelievesItsUserRootOrTheOwnerOfTheSocketsDirectory(
            String server, String command, String dirOwner, boolean trusted) throws Exception {
        assertEquals(trusted, PeerPolicy.commandTrusts(user(server), user(command), user("root"), user(dirOwner)));
    }
}
