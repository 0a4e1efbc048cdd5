package dev.uplink.analyzer.probe;

import dev.uplink.core.connect.Expect;
import dev.uplink.core.tls.CaPins;
import java.util.Objects;

/**
 * One URL to test, the answer that proves the path (a status, a CRL, or any answer from the
 * service), and the CAs its certificate chain must lead to (docs/behaviour.md#certificate-pins).
 */
public record ProbeTarget(String url, Expect expect, CaPins pins) {

    public ProbeTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expect, "expect");
        pins = pins == null ? CaPins.NONE : pins;
    }

    /** A target without pins (a {@code --urls} line). */
    public ProbeTarget(String url, Expect expect) {
        this(url, expect, CaPins.NONE);
    }

    public ProbeTarget withPins(CaPins p) {
        return new ProbeTarget(url, expect, p);
    }
}
