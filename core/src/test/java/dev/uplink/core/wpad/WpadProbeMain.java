package dev.uplink.core.wpad;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test helper run inside the client network namespace: real WPAD discovery (system resolver,
 * HTTP without proxy, UDP DHCPINFORM) printed as JSON including the PAC script.
 * Args: [--dhcp-inform] [--interface IF] [--domain D] [--timeout-ms N] --lease-dir DIR.
 */
public final class WpadProbeMain {

    private WpadProbeMain() {}

    public static void main(String[] args) {
        WpadConfig config = WpadConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dhcp-inform" -> config = config.withDhcpInform(true);
                case "--interface" -> config = config.withInterfaceName(args[++i]);
                case "--domain" -> config = config.withDomain(args[++i]);
                case "--timeout-ms" -> config = config.withTimeout(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--lease-dir" ->
                    config = config.withLeaseDirectories(List.of(new LeaseDirectory(Path.of(args[++i]), "*")))
                            .withNmcli(null);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        WpadResult result = new WpadDiscovery(config).discover();
        System.out.println(WpadResultJson.toJson(result, true));
    }
}
