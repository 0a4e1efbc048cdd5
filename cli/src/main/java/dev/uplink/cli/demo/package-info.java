/**
 * Building blocks of the offline demo ({@code uplink demo}), all in-process and on loopback only:
 * {@link dev.uplink.cli.demo.DemoOrigin} stands in for every cloud service (HTTPS with a throw-away
 * CA, and plain HTTP), {@link dev.uplink.cli.demo.DemoProxy} is an allowlisting forward proxy that
 * answers like Squid ({@code X-Squid-Error} names) and resolves names only through
 * {@link dev.uplink.cli.demo.HostResolverRules}, never real DNS, and never connects off the machine.
 */
package dev.uplink.cli.demo;
