/**
 * Route resolution: which routes the sensor tries for a URL, in which order, and why.
 *
 * <p>{@link dev.uplink.core.route.RouteResolver} applies docs/behaviour.md#route-precedence to a
 * {@link dev.uplink.core.route.ProxyConfig} snapshot; the first source that is set decides:
 * <pre>
 *  source                      routes                      fallback rationale
 *  command line (tools)        [PROXY p]                   the tool tests exactly that proxy
 *  machine policy              [PROXY p, DIRECT]           documented: DIRECT when p is unreachable
 *  system-wide proxy           [PROXY p] / [SOCKS4 p]      WinHTTP never moves on from its proxy
 *    bypass-list hit           [DIRECT]                    incl. the implicit loopback bypass
 *    no entry for the scheme   [DIRECT]
 *  auto-configuration          the PAC result, in order    failure: [DIRECT]
 *  nothing                     [DIRECT]
 * </pre>
 * The bypass list belongs to the system-wide proxy only: the machine policy has no bypass list,
 * so even loopback URLs go to its proxy first. Then {@link dev.uplink.core.route.BadProxyMemory}
 * moves proxies that failed in the last 5 minutes to the end. The Connector executes the list;
 * nothing in this package touches the network.
 */
package dev.uplink.core.route;
