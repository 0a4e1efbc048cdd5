package dev.uplink.collector.health;

import java.util.Optional;

/**
 * Recognises and validates connectivity check events (docs/behaviour.md#connectivity-check-events).
 * A device is a possibly hostile peer: every bound is checked and no exception escapes.
 */
public final class ConnectivityCheckParser {

    /** What a payload is: not a check at all, a valid check, or a malformed one (with why, never its contents). */
    public sealed interface Outcome permits NotACheck, Valid, Malformed {}

    public record NotACheck() implements Outcome {}

    public record Valid(ConnectivityCheck check) implements Outcome {}

    public record Malformed(String reason) implements Outcome {}

    private ConnectivityCheckParser() {}

    public static Outcome parse(String payloadJson) {
        return new NotACheck();
    }

    static Optional<ConnectivityCheck> check(String payloadJson) {
        return parse(payloadJson) instanceof Valid v ? Optional.of(v.check()) : Optional.empty();
    }
}
