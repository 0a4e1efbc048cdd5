/**
 * The routed call: resolve the routes for a URL, let the Connector try them, report back to the
 * bad-proxy memory. Every network caller in uplink goes through
 * {@link dev.uplink.core.call.RoutedCall}; see docs/architecture.md#the-routed-call.
 */
package dev.uplink.core.call;
