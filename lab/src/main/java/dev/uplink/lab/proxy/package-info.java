/**
 * An allowlisting HTTP forward proxy for the offline demo, on loopback only:
 * {@link dev.uplink.lab.proxy.DemoProxy} tunnels CONNECT and forwards absolute-form
 * {@code http://} requests, allows destinations by a Squid-{@code dstdomain}-style
 * {@link dev.uplink.lab.proxy.DestinationAllowlist}, answers refusals like Squid
 * ({@code X-Squid-Error} names) and resolves names only through
 * {@link dev.uplink.lab.proxy.HostResolverRules}: never real DNS, never a connection off the machine.
 */
package dev.uplink.lab.proxy;
