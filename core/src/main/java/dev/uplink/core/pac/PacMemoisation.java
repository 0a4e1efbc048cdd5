package dev.uplink.core.pac;

/**
 * Whether a compiled PAC script's results are cached, and why (shown by {@code resolve --explain}).
 * Results are memoised only when analysis proves they depend on nothing but (url, host).
 */
public record PacMemoisation(boolean on, String reason) {

    static PacMemoisation pure() {
        return new PacMemoisation(
                true,
                "the script uses no DNS, clock, randomness, eval or cross-call state;"
                        + " its result depends only on (url, host)");
    }

    static PacMemoisation impure(String why) {
        return new PacMemoisation(false, why);
    }
}
