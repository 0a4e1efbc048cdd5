/**
 * Auto-configuration policy: which PAC script decides (WPAD first when {@code AutoDetect} is on,
 * then {@code AutoconfigUrl}, as WinHTTP does), downloading it on the DIRECT route with caching and
 * backoff, and compiling it once per distinct text for the resolver
 * ({@link dev.uplink.core.autoconfig.PacDecider}, Chromium's {@code PacFileDecider}). The engine
 * that runs the script is {@code dev.uplink.core.pac}; see docs/behaviour.md#pac.
 */
package dev.uplink.core.autoconfig;
