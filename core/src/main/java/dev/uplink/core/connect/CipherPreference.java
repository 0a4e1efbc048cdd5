package dev.uplink.core.connect;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which uplink's TLS clients offer their cipher suites: the JDK's enabled suites, the
 * same set, with ChaCha20-Poly1305 first. Every uplink command runs on C1 alone (the launcher's
 * {@code -XX:TieredStopAtLevel=1}), and C1 has no AES or GHASH intrinsics: AES-GCM runs as plain
 * Java at ~28 ns per byte, ChaCha20-Poly1305 at ~5.5, which made record encryption most of the
 * sensor's upload CPU (bench/sensor/README.md). Only an order: a server that keeps its own
 * preference (most do) picks as before, and a server without ChaCha20 picks AES-GCM as before; the
 * collector honours the client's order (docs/behaviour.md#collector-answers-and-limits).
 */
final class CipherPreference {
    private CipherPreference() {}

    /** {@code enabled} with the ChaCha20-Poly1305 suites moved to the front, each part in its own order. */
    static String[] chachaFirst(String[] enabled) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String suite : enabled) {
            (suite.contains("_CHACHA20_POLY1305_") ? first : rest).add(suite);
        }
        first.addAll(rest);
        return first.toArray(String[]::new);
    }
}
