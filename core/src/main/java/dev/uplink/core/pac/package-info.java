/**
 * The PAC engine alone: compiling and evaluating untrusted proxy auto-config scripts in a Rhino
 * sandbox ({@link dev.uplink.core.pac.PacScript}) and turning their answers into routes
 * ({@link dev.uplink.core.pac.PacResultParser}). Finding and downloading the script, and the
 * WPAD-then-AutoconfigUrl policy, live in {@code dev.uplink.core.autoconfig}
 * (docs/behaviour.md#pac).
 *
 * <p>Sandbox layers, each closing a different door:
 * <ul>
 *   <li>no host classes: a ClassShutter that denies everything, safe standard objects only, no
 *       LiveConnect names, no E4X ({@code PacContextFactory}, {@code PacGlobals});</li>
 *   <li>no code from strings: eval and the Function constructors are replaced by throwing stubs;</li>
 *   <li>bounded time: the instruction observer checks a per-call deadline every 10,000
 *       instructions, with an {@link java.lang.Error} scripts cannot catch;</li>
 *   <li>bounded recursion: the interpreter's frame limit; bounded memory: a per-call allocation
 *       budget checked by the observer, and size guards on builtins that can allocate a lot in one
 *       call ({@code PacGuards});</li>
 *   <li>bounded size: scripts over 1 MiB are refused before parsing; DNS: at most 20 distinct
 *       lookups per call, each time-bounded, through an injected {@link dev.uplink.core.net.HostResolver}.</li>
 * </ul>
 */
package dev.uplink.core.pac;
