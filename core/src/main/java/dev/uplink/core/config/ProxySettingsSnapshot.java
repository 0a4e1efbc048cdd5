package dev.uplink.core.config;

/** Both configuration files as read at one moment. */
public record ProxySettingsSnapshot(MachinePolicy policy, WinHttpSettings winHttp) {}
