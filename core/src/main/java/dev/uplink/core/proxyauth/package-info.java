/**
 * Authentication to proxies (docs/behaviour.md#proxy-authentication): the settings kept in the
 * configuration directory and their owner-only secret, the policy gate
 * ({@code DisableEnterpriseAuthProxy=1} is a hard off switch) and the schemes that answer a
 * proxy's 407. The routed call ({@code core.call}) asks a {@link dev.uplink.core.proxyauth.ProxyAuthenticator}
 * what to answer; nothing here touches the network itself.
 */
package dev.uplink.core.proxyauth;
