/**
 * The offline demo's network, on loopback only: {@link dev.uplink.lab.DemoNetwork} wires a
 * throw-away CA, the TLS origin ({@link dev.uplink.lab.origin}) and the allowlisting forward proxy
 * ({@link dev.uplink.lab.proxy}). The lab depends on core only, and no product code depends on it:
 * it is the network around the product, not part of it.
 */
package dev.uplink.lab;
