package dev.uplink.core.wpad;

import java.net.URI;
import java.time.Duration;

/**
 * Fetches a WPAD candidate and says whether a PAC file is there. Discovery validates every
 * candidate through this seam so that a stale option 252 or a catch-all web server is not taken
 * for a proxy configuration. {@link HttpPacProbe} is the default; the PAC engine's fetcher can be
 * adapted to it.
 */
@FunctionalInterface
public interface PacProbe {

    /**
     * Fetches {@code pacUrl} without a proxy and within {@code timeout}. Never throws for network
     * trouble: every failure is an outcome.
     */
    PacProbeResult probe(URI pacUrl, Duration timeout);
}
