package dev.uplink.core.pac;

import dev.uplink.core.net.HostResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Limits and injected environment of a PAC script. Immutable; derive variants with the
 * {@code with...} methods, starting from {@link #defaults()}.
 *
 * @param timeLimit        script execution time per FindProxyForURL call (DNS waits excluded,
 *                         they are bounded by {@code dnsTimeout} each)
 * @param maxStackDepth    maximum JavaScript call depth (recursion bound)
 * @param maxCallAllocation bytes the script may allocate during one call (memory-bomb bound)
 * @param maxDnsLookups    distinct host lookups per call; further lookups fail as unresolvable (browsers: 20)
 * @param dnsTimeout       time bound of one lookup
 * @param resolver         DNS as the builtins see it
 * @param clock            time as weekdayRange/dateRange/timeRange see it (its zone is "local time")
 * @param localAddresses   the machine's addresses for myIpAddress/myIpAddressEx
 * @param memoCacheSize    maximum cached decisions when the script is provably pure; 0 disables memoisation
 */
public record PacOptions(
        Duration timeLimit,
        int maxStackDepth,
        long maxCallAllocation,
        int maxDnsLookups,
        Duration dnsTimeout,
        HostResolver resolver,
        Clock clock,
        Supplier<List<InetAddress>> localAddresses,
        int memoCacheSize) {

    /**
     * The one size limit of a PAC script (1 Mi): bytes when it is downloaded (WPAD probe, PAC
     * fetch), characters once decoded. Real PAC files are a few KiB; anything this large is not one.
     */
    public static final int MAX_SCRIPT_CHARS = 1 << 20;

    public PacOptions {
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(dnsTimeout, "dnsTimeout");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(localAddresses, "localAddresses");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
        if (maxStackDepth < 1 || maxDnsLookups < 0 || memoCacheSize < 0 || maxCallAllocation < 1) {
            throw new IllegalArgumentException("PAC limits must be positive");
        }
    }

    public static PacOptions defaults() {
        return new PacOptions(
                Duration.ofSeconds(2),
                1000,
                256L << 20,
                20,
                Duration.ofSeconds(2),
                HostResolver.system(),
                Clock.systemDefaultZone(),
                PacOptions::interfaceAddresses,
                10_000);
    }

    public PacOptions withTimeLimit(Duration d) {
        return new PacOptions(
                d,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withMaxStackDepth(int n) {
        return new PacOptions(
                timeLimit,
                n,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withMaxCallAllocation(long bytes) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                bytes,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withMaxDnsLookups(int n) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                n,
                dnsTimeout,
                resolver,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withDnsTimeout(Duration d) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                d,
                resolver,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withResolver(HostResolver r) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                r,
                clock,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withClock(Clock c) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                c,
                localAddresses,
                memoCacheSize);
    }

    public PacOptions withLocalAddresses(Supplier<List<InetAddress>> s) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                clock,
                s,
                memoCacheSize);
    }

    public PacOptions withMemoCacheSize(int n) {
        return new PacOptions(
                timeLimit,
                maxStackDepth,
                maxCallAllocation,
                maxDnsLookups,
                dnsTimeout,
                resolver,
                clock,
                localAddresses,
                n);
    }

    /** Addresses of the up, non-loopback interfaces, IPv4 first (what myIpAddress reports first). */
    static List<InetAddress> interfaceAddresses() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        (a instanceof Inet6Address ? v6 : v4).add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        v4.addAll(v6);
        return v4;
    }
}
