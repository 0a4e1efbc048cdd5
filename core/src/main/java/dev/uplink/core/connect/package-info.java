/**
 * The one connection path: {@link dev.uplink.core.connect.Connector} runs a
 * {@link dev.uplink.core.connect.Request} over one {@link dev.uplink.core.route.Route} or a list
 * of them and returns an {@link dev.uplink.core.connect.Outcome} per attempt.
 *
 * <h2>Where each failure is classified</h2>
 * <pre>
 * step                          failure                                   diagnosis
 * ----------------------------  ----------------------------------------  -------------------
 * resolve target (DIRECT/SOCKS4) name unknown                             dns-failure
 * resolve proxy name            name unknown                              proxy-dns-failure   (fallback)
 * TCP to target                 RST / no answer or no route               connect-refused / connect-timeout
 * TCP to proxy                  RST / no answer                           proxy-unreachable   (fallback)
 * TLS to an HTTPS proxy         any handshake failure                     proxy-unreachable   (fallback)
 * CONNECT / SOCKS reply         407 (SOCKS: auth demanded)                proxy-auth-required
 *                               403 and other 4xx/3xx (SOCKS: ruleset)    proxy-denied  (detail: X-Squid-Error)
 *                               5xx (SOCKS: host/network unreachable)     proxy-error
 *                               silence / garbage                         read-timeout / protocol-error
 * TLS to the service            chain does not lead to the anchors        tls-intercepted (detail: issuer seen)
 *                               expired, name mismatch, protocol          tls-failure
 *                               no handshake answer                       read-timeout
 * HTTP via a plain HTTP proxy   407, or X-Squid-Error / Proxy-Status set  proxy-* as for CONNECT
 * HTTP exchange                 no answer in time (or write stalled)      read-timeout
 *                               malformed / truncated response            protocol-error
 *                               status not matching {@link dev.uplink.core.connect.Expect}  http-error
 * </pre>
 * A 407 the routed call answered with credentials and that still failed becomes
 * {@code proxy-auth-failed} there ({@code dev.uplink.core.call.RoutedCall}).
 * Only the two "(fallback)" rows let {@code execute(request, routes)} move to the next route
 * (docs/behaviour.md#fallback-rules): a proxy that answered was reached, and its answer is the result.
 */
package dev.uplink.core.connect;
