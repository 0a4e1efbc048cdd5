package dev.uplink.lab.proxy;

/**
 * A snapshot of what the demo proxy has done since it was constructed (restarts keep counting).
 *
 * @param connections     client connections accepted
 * @param tunnels         CONNECT tunnels established
 * @param forwarded       absolute-form requests forwarded to an origin
 * @param denied          requests refused with 403 ERR_ACCESS_DENIED (allowlist or non-loopback target)
 * @param dnsFailures     requests refused with ERR_DNS_FAIL (no resolver rule for the name)
 * @param connectFailures requests refused with ERR_CONNECT_FAIL (mapped target did not accept)
 * @param badRequests     unparsable requests and responses, and connections turned away over the cap
 */
public record ProxyCounters(
        long connections,
        long tunnels,
        long forwarded,
        long denied,
        long dnsFailures,
        long connectFailures,
        long badRequests) {}
