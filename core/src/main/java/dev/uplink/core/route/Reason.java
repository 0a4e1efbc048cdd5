package dev.uplink.core.route;

/**
 * Why a route is in a {@link Resolution} (docs/architecture.md#every-decision-is-explained): which configuration source
 * decided, which bypass rule matched, what the PAC script said, which proxy is marked bad.
 */
public record Reason(Source source, String message) {

    public enum Source {
        /** A proxy given on a tool's command line (overrides everything for that command). */
        COMMAND_LINE,
        /** Machine policy {@code TelemetryProxyServer}. */
        MACHINE_POLICY,
        /** System-wide WinHTTP proxy ({@code netsh winhttp set proxy}). */
        SYSTEM_PROXY,
        /**
         * The machine's own service-scope setting (a systemd unit, the vendor agent's configuration)
         * stands in for the system-wide proxy because uplink has none of its own.
         */
        MACHINE_SETTINGS,
        /** A bypass-list rule (or the implicit loopback bypass) sent the URL DIRECT. */
        BYPASS,
        /** A PAC script from {@code AutoconfigUrl}. */
        PAC,
        /** A PAC script found by WPAD discovery ({@code AutoDetect}). */
        WPAD,
        /** Nothing is configured. */
        DIRECT_DEFAULT,
        /** A proxy that recently failed was moved to the end of the list. */
        BAD_PROXY
    }

    public Reason {
        if (source == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a reason needs a source and a message");
        }
    }

    @Override
    public String toString() {
        return "[" + source + "] " + message;
    }
}
