/**
 * The {@code uplink demo} command and its wiring: which catalog hosts the demo network answers
 * for and allows, the machine policy that points at its proxy, and the delivery act (collector
 * and sensor). The network itself (TLS origin, allowlisting proxy) lives in the {@code lab}
 * module, {@link dev.uplink.lab}.
 */
package dev.uplink.cli.demo;
