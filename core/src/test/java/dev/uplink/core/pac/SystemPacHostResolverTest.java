package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default resolver, on "localhost" only (answered from the hosts file: no DNS traffic). */
class SystemPacHostResolverTest {

    @Test
    void resolvesLocalhostWithinTheBound() throws Exception {
        List<InetAddress> addresses = HostResolver.system().resolve("localhost", Duration.ofSeconds(5));
        assertFalse(addresses.isEmpty());
        assertTrue(addresses.stream().allMatch(InetAddress::isLoopbackAddress), addresses.toString());
    }
}
