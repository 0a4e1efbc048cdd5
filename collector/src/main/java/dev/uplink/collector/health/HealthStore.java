package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's connectivity checks and sites (docs/behaviour.md#fleet-health). Every write is for the
 * device the caller authenticated: one device never affects another's health.
 */
public interface HealthStore {

    /**
     * Records a validated check of {@code deviceId}: its history row (once per device and check id,
     * so a retried batch adds nothing) and, when it started after the latest one, the latest check.
     */
    void record(String deviceId, ConnectivityCheck check);

    /** The health document; {@code site} empty = all sites; an unknown site gives an empty document. */
    HealthDocument health(Instant now, Optional<String> site);

    Optional<DeviceDetail> device(String deviceId, Instant now);

    /** The distinct URLs failing at {@code site} in the devices' latest checks: the input of the fix lists. */
    List<String> failingUrls(String site, Instant now);

    /**
     * The failing URLs at {@code site} that the {@code kind} of fix list addresses
     * (docs/behaviour.md#fix-lists): for {@link FixKind#INSPECTION_BYPASS} those with a
     * {@code tls-intercepted} result, for the allowlists ({@code squid}, {@code pac}) the others.
     */
    List<String> failingUrls(String site, Instant now, FixKind kind);

    /**
     * The proxy the site's devices report using most often (their {@code network.proxy}), for a
     * PAC fix list; empty when none reports one.
     */
    Optional<String> siteProxy(String site);

    /** Creates or replaces a site; CIDRs are validated by the caller and stored canonical. */
    void setSite(String name, List<String> cidrs);

    List<Site> sites();

    boolean removeSite(String name);
}
