package dev.uplink.analyzer.report;

/** The five ways the analyzer tries each URL, numbered as the vendor's client analyzer prints them. */
public enum ProbeMethod {
    /** The system-wide (WinHTTP-style) proxy. */
    DEFAULT_PROXY(1, "Default proxy"),
    /** Auto-configuration: WPAD discovery or the configured PAC URL. */
    WPAD(2, "Proxy auto discovery (WPAD)"),
    /** Direct connection. */
    PROXY_DISABLED(3, "Proxy disabled"),
    /** Machine policy TelemetryProxyServer. */
    NAMED_PROXY(4, "Named proxy"),
    /** The proxy given on the command line. */
    COMMAND_LINE_PROXY(5, "Command line proxy");

    private final int id;
    private final String title;

    ProbeMethod(int id, String title) {
        this.id = id;
        this.title = title;
    }

    public int id() {
        return id;
    }

    /** The name printed in reports, e.g. "Proxy auto discovery (WPAD)". */
    public String title() {
        return title;
    }

    public static ProbeMethod byId(int id) {
        for (ProbeMethod m : values()) {
            if (m.id == id) {
                return m;
            }
        }
        throw new IllegalArgumentException("no probe method " + id + ": expected 1-5");
    }
}
