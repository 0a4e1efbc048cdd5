/**
 * Web Proxy Auto-Discovery: finds the PAC URL of the network the machine is on.
 *
 * <p>Entry points: {@link dev.uplink.core.wpad.WpadDiscovery#discover()} runs one bounded discovery
 * and returns a {@link dev.uplink.core.wpad.WpadResult} (PAC URL and script, or none, plus every
 * {@link dev.uplink.core.wpad.WpadStep} tried); {@link dev.uplink.core.wpad.WpadDiscoveryCache}
 * reuses it until its TTL passes or the network changes. {@link dev.uplink.core.wpad.WpadConfig}
 * says where leases live, whether a DHCPINFORM may be sent, the domain and the time bounds.
 *
 * <p>Order (as browsers): DHCP option 252 from the stored leases (systemd-networkd, NetworkManager,
 * dhclient — passive), then a DHCPINFORM (active, off by default), then DNS
 * {@code http://wpad.<domain>/wpad.dat} devolving to the registrable domain but never onto a public
 * suffix, then {@code http://wpad/wpad.dat}. Every candidate is fetched (no proxy) through a
 * {@link dev.uplink.core.wpad.PacProbe} and must be a PAC script to be chosen.
 */
package dev.uplink.core.wpad;
