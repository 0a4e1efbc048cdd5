package dev.uplink.cli.winhttp;

/** The objects netsh winhttp's verbs act on. Lower-case names because users type them so. */
enum WinHttpObject {
    proxy,
    advproxy
}
