package dev.uplink.core.connect;

/**
 * Why a connection attempt failed, classified where the failure happened. A closed set: each
 * has a stable code (used in reports and JSON) and a remediation an administrator can act on.
 */
public enum Diagnosis {
    DNS_FAILURE(
            "dns-failure",
            "The service host name does not resolve on this machine: check the DNS servers and any split-DNS rules, or use a proxy that resolves names for you."),
    CONNECT_REFUSED(
            "connect-refused",
            "The service host actively refused the TCP connection: check that outbound traffic to this port is allowed, or that the address resolves to the right host."),
    CONNECT_TIMEOUT(
            "connect-timeout",
            "No answer to the TCP connection attempt (or no route to the host): a firewall is probably dropping outbound traffic; allow the service endpoints or configure a proxy."),
    PROXY_DNS_FAILURE(
            "proxy-dns-failure",
            "The proxy's host name does not resolve: correct the proxy setting or the DNS entry for the proxy."),
    PROXY_UNREACHABLE(
            "proxy-unreachable",
            "The proxy could not be reached (TCP refused or timed out, or the TLS handshake with an HTTPS proxy failed): check the proxy address and port and that the proxy is running."),
    PROXY_AUTH_REQUIRED(
            "proxy-auth-required",
            "The proxy demands authentication (407) and uplink sent no credentials (the detail says why): allow the service endpoints for unauthenticated access on the proxy, or, where the policy allows it (DisableEnterpriseAuthProxy not 1), configure credentials with 'uplink proxyauth set'."),
    PROXY_AUTH_FAILED(
            "proxy-auth-failed",
            "uplink answered the proxy's authentication demand (407) but did not get through (the detail names the reason): check the credentials, the Kerberos set-up (keytab, service principal HTTP/<proxy host>, clock) or the schemes the proxy offers."),
    PROXY_DENIED(
            "proxy-denied", "The proxy refused the destination: add the service endpoints to the proxy's allowlist."),
    PROXY_ERROR(
            "proxy-error",
            "The proxy was reached but could not reach the service (5xx from the proxy): check the proxy's own DNS and outbound connectivity."),
    TLS_INTERCEPTED(
            "tls-intercepted",
            "The service certificate was not issued by the expected roots, which means HTTPS inspection: exclude the service endpoints from TLS inspection on the proxy or firewall."),
    TLS_FAILURE(
            "tls-failure",
            "The TLS handshake failed (protocol, name mismatch or expired certificate): check the system clock, TLS-intercepting devices and the endpoint name."),
    READ_TIMEOUT(
            "read-timeout",
            "The connection was established but no answer came in time: check for devices that stall traffic (IPS, inspection) between this machine and the service."),
    PROTOCOL_ERROR(
            "protocol-error",
            "The peer closed the connection or answered with something that is not valid HTTP: check for devices that tamper with the traffic on the path."),
    HTTP_ERROR(
            "http-error",
            "The service answered with an unexpected HTTP status: the path works; check the URL, the service status and the device's onboarding."),
    UNVERIFIED_ANSWER(
            "unverified-answer",
            "An answer came, but nothing shows it is the service's (no expected status or content, and plain HTTP through a proxy or a device that answers for the service): a proxy or filter probably answered in its place; check its logs and allow the endpoint there.");

    private final String code;
    private final String remediation;

    Diagnosis(String code, String remediation) {
        this.code = code;
        this.remediation = remediation;
    }

    public String code() {
        return code;
    }

    public String remediation() {
        return remediation;
    }

    /**
     * True when the proxy of this attempt was never reached, so the next route may be tried
     * (docs/behaviour.md#fallback-rules). A proxy that answered (403, 407, 5xx) was reached: its answer stands.
     */
    public boolean proxyNotReached() {
        return this == PROXY_DNS_FAILURE || this == PROXY_UNREACHABLE;
    }

    public static Diagnosis fromCode(String code) {
        for (Diagnosis d : values()) {
            if (d.code.equals(code)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown diagnosis code '" + code + "'");
    }

    @Override
    public String toString() {
        return code;
    }
}
