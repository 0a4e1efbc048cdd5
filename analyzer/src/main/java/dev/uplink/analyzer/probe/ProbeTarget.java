package dev.uplink.analyzer.probe;

import dev.uplink.core.connect.Expect;

/** One URL to test and the answer that proves the path (200, or any answer from the service). */
public record ProbeTarget(String url, Expect expect) {}
