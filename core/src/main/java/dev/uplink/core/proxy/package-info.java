/**
 * Static proxy settings: the netsh {@code proxy-server} value ({@link dev.uplink.core.proxy.ProxyServerSpec})
 * and the WinHTTP bypass list ({@link dev.uplink.core.proxy.ProxyBypassRules}).
 *
 * <h2>Bypass list grammar (docs/behaviour.md#bypass-list-grammar, Chromium {@code ProxyBypassRules} where WinHTTP is silent)</h2>
 * <ul>
 *   <li>Entries are separated by {@code ;}, {@code ,} or whitespace; empty entries are ignored.</li>
 *   <li>{@code <local>}: host names without a period (never IP literals).</li>
 *   <li>{@code <-loopback>}: removes the implicit bypass of {@code localhost}, {@code *.localhost},
 *       127.0.0.0/8 and ::1. Link-local ranges are not implicitly bypassed (unlike Chromium).</li>
 *   <li>Host patterns: {@code *} matches any run of characters including periods; no {@code *} means an
 *       exact host ({@code corp.com} does not match {@code www.corp.com}); a leading period is
 *       {@code *.} ({@code .corp.com} = {@code *.corp.com}). Case-insensitive; IDN labels are stored in
 *       punycode, so {@code bücher.de} and {@code xn--bcher-kva.de} are the same rule.</li>
 *   <li>IP literals ({@code 10.0.0.1}, {@code fd00::1}, {@code [fd00::1]:8080}) compare as addresses, so
 *       {@code fd00:0::1} equals {@code fd00::1}. CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}) take no
 *       port. A URL host is only ever compared as text or as a literal: no DNS lookup happens.</li>
 *   <li>Optional {@code scheme://} prefix and {@code :port} suffix restrict a rule; {@code ws}/{@code wss}
 *       count as {@code http}/{@code https}, as in {@code ProxyServerSpec.forScheme}. A URL without a port
 *       has its scheme's default port.</li>
 * </ul>
 */
package dev.uplink.core.proxy;
