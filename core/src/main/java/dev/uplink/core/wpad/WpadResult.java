package dev.uplink.core.wpad;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What WPAD discovery found: the PAC URL (if any) with the script fetched from it, the DNS domain
 * used for devolution and where it came from, and every step tried in order.
 *
 * @param pacUrl        the chosen PAC URL, or null when nothing was found
 * @param pacScript     the PAC text fetched from {@code pacUrl} while validating it, or null
 * @param dnsDomain     the machine's DNS domain devolution started from, or null when none was known
 * @param dnsDomainSource where {@code dnsDomain} came from ("configured", "dhcp-inform", a lease or resolv.conf path), or null
 * @param steps         each step tried, in order
 * @param discoveredAt  when discovery finished (for cache ages)
 * @param elapsedMillis total time spent
 */
public record WpadResult(
        URI pacUrl,
        String pacScript,
        String dnsDomain,
        String dnsDomainSource,
        List<WpadStep> steps,
        Instant discoveredAt,
        long elapsedMillis) {
    public WpadResult {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        Objects.requireNonNull(discoveredAt, "discoveredAt");
        if ((pacUrl == null) != (pacScript == null)) {
            throw new IllegalArgumentException("pacUrl and pacScript are both set or both null");
        }
    }

    public boolean found() {
        return pacUrl != null;
    }

    public Optional<URI> pacUrlIfFound() {
        return Optional.ofNullable(pacUrl);
    }

    public Optional<String> pacScriptIfFound() {
        return Optional.ofNullable(pacScript);
    }

    /** The step that produced the PAC URL, if one did. */
    public Optional<WpadStep> foundStep() {
        return steps.stream().filter(s -> s.outcome() == WpadOutcome.FOUND).findFirst();
    }
}
