/**
 * {@link dev.uplink.lab.origin.DemoOrigin}: the stand-in for every cloud service in the offline
 * demo, HTTPS with a throw-away CA and plain HTTP, on loopback only.
 */
package dev.uplink.lab.origin;
