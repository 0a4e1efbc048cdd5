package dev.uplink.core.wpad;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Active DHCP as discovery sees it; the seam lets unit tests run discovery without sending packets. */
@FunctionalInterface
public interface DhcpInformer {

    /**
     * Asks the DHCP server for its options on {@code interfaceName} (or the first suitable interface).
     *
     * @throws java.net.SocketTimeoutException when no answer came within {@code timeout}
     * @throws IOException                     on any other failure
     */
    DhcpInformClient.Reply inform(Optional<String> interfaceName, Duration timeout) throws IOException;

    /** The real client: UDP 68 → broadcast 67. Needs root (or CAP_NET_BIND_SERVICE) for port 68. */
    static DhcpInformer udp() {
        DhcpInformClient client = new DhcpInformClient();
        return (name, timeout) -> client.inform(DhcpInformClient.endpoint(name), timeout);
    }
}
