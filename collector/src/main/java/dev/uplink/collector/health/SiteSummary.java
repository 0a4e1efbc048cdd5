package dev.uplink.collector.health;

/** One site's row of the health document: devices with a check, those failing any endpoint, those stale. */
public record SiteSummary(String name, int devices, int failingDevices, int staleDevices) {}
