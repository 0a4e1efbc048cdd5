package dev.uplink.core.wpad;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How WPAD discovery runs. Defaults: passive lease reading from the usual Linux locations,
 * DHCPINFORM off (it sends packets and needs port 68), domain from leases/resolv.conf, 10 s overall.
 *
 * @param leaseDirectories  where to read DHCP leases (empty: no passive DHCP from files)
 * @param nmcli             nmcli to ask NetworkManager for its DHCP options; empty: do not ask
 * @param resolvConf        resolv.conf to take the DNS domain from when DHCP gave none
 * @param dhcpInform        send a DHCPINFORM to ask for option 252
 * @param interfaceName     restrict DHCP (leases and INFORM) to this interface
 * @param domain            DNS domain to devolve from, overriding DHCP and resolv.conf
 * @param timeout           the overall bound for one discovery
 * @param dhcpInformTimeout how long to wait for the DHCPACK
 * @param probeTimeout      how long one candidate (resolve + fetch) may take
 * @param cacheTtl          how long a found PAC URL is reused
 * @param negativeCacheTtl  how long "nothing found" is reused (shorter: the network may come up)
 */
public record WpadConfig(
        List<LeaseDirectory> leaseDirectories,
        Optional<Path> nmcli,
        Path resolvConf,
        boolean dhcpInform,
        Optional<String> interfaceName,
        Optional<String> domain,
        Duration timeout,
        Duration dhcpInformTimeout,
        Duration probeTimeout,
        Duration cacheTtl,
        Duration negativeCacheTtl) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public WpadConfig {
        leaseDirectories = List.copyOf(leaseDirectories);
        Objects.requireNonNull(nmcli, "nmcli");
        Objects.requireNonNull(resolvConf, "resolvConf");
        Objects.requireNonNull(interfaceName, "interfaceName");
        domain = domain.map(WpadDomainDevolution::normaliseDomain);
        for (Duration d : List.of(timeout, dhcpInformTimeout, probeTimeout, cacheTtl, negativeCacheTtl)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("WPAD durations must be positive: " + d);
            }
        }
    }

    public static WpadConfig defaults() {
        return new WpadConfig(
                LeaseDirectory.linuxDefaults(),
                Optional.of(NetworkManagerDhcp.DEFAULT_NMCLI),
                Path.of("/etc/resolv.conf"),
                false,
                Optional.empty(),
                Optional.empty(),
                DEFAULT_TIMEOUT,
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofMinutes(30),
                Duration.ofMinutes(1));
    }

    public WpadConfig withLeaseDirectories(List<LeaseDirectory> dirs) {
        return new WpadConfig(
                dirs,
                nmcli,
                resolvConf,
                dhcpInform,
                interfaceName,
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    /** {@code null} turns the NetworkManager query off (tests, machines without it). */
    public WpadConfig withNmcli(Path path) {
        return new WpadConfig(
                leaseDirectories,
                Optional.ofNullable(path),
                resolvConf,
                dhcpInform,
                interfaceName,
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withResolvConf(Path path) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                path,
                dhcpInform,
                interfaceName,
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withDhcpInform(boolean enabled) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                enabled,
                interfaceName,
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withInterfaceName(String name) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                dhcpInform,
                Optional.ofNullable(name),
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    /** @throws dev.uplink.core.InvalidInputException when {@code dnsDomain} is not a domain name */
    public WpadConfig withDomain(String dnsDomain) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                dhcpInform,
                interfaceName,
                Optional.ofNullable(dnsDomain),
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withTimeout(Duration overall) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                dhcpInform,
                interfaceName,
                domain,
                overall,
                dhcpInformTimeout,
                probeTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withStepTimeouts(Duration informTimeout, Duration candidateTimeout) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                dhcpInform,
                interfaceName,
                domain,
                timeout,
                informTimeout,
                candidateTimeout,
                cacheTtl,
                negativeCacheTtl);
    }

    public WpadConfig withCacheTtl(Duration found, Duration notFound) {
        return new WpadConfig(
                leaseDirectories,
                nmcli,
                resolvConf,
                dhcpInform,
                interfaceName,
                domain,
                timeout,
                dhcpInformTimeout,
                probeTimeout,
                found,
                notFound);
    }
}
