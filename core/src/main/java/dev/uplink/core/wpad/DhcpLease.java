package dev.uplink.core.wpad;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What uplink needs from one DHCPv4 lease the operating system stored: the WPAD URL (option 252),
 * the DNS domain (option 15), the interface and when the lease expires, each when the file says.
 *
 * @param source a description of where the lease came from (file path and format)
 */
public record DhcpLease(
        String source,
        Optional<String> interfaceName,
        Optional<String> wpadUrl,
        Optional<String> domain,
        Optional<Instant> expires) {
    public DhcpLease {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(wpadUrl, "wpadUrl");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(expires, "expires");
    }

    public DhcpLease withInterfaceName(String name) {
        return new DhcpLease(source, Optional.ofNullable(name), wpadUrl, domain, expires);
    }

    public boolean expiredAt(Instant now) {
        return expires.map(e -> e.isBefore(now)).orElse(false);
    }
}
