package dev.uplink.core.pac;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * DNS as the PAC builtins see it ({@code dnsResolve}, {@code isResolvable}, {@code isInNet} ...).
 * Injected so tests and the analyzer never depend on the machine's resolver.
 */
@FunctionalInterface
public interface PacHostResolver {

    /**
     * Resolves a host name (never an IP literal: the engine handles those itself).
     *
     * @return the addresses, empty when the name does not resolve
     * @throws UnknownHostException when the name does not resolve or the timeout expired
     */
    List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException;

    /** The machine's resolver, bounded in time. */
    static PacHostResolver system() {
        return SystemPacHostResolver.INSTANCE;
    }
}
