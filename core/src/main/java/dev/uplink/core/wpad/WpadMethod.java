package dev.uplink.core.wpad;

/** How a WPAD candidate was found; the label is what {@code uplink wpad discover} prints. */
public enum WpadMethod {
    /** DHCP option 252 read from the operating system's lease files (passive, no traffic). */
    DHCP_LEASE("dhcp-lease"),
    /** DHCP option 252 asked for with a DHCPINFORM (active; only when enabled). */
    DHCP_INFORM("dhcp-inform"),
    /** {@code http://wpad.<domain>/wpad.dat} by DNS devolution, then {@code http://wpad/wpad.dat}. */
    DNS("dns");

    private final String label;

    WpadMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
