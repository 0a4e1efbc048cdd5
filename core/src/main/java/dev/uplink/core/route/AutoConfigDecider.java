package dev.uplink.core.route;

import java.net.URI;

/**
 * Auto-configuration as the resolver sees it: a PAC script (from {@code AutoconfigUrl}, or found
 * by WPAD when {@code AutoDetect} is on) evaluated for one URL. The implementation owns fetching,
 * caching, WPAD discovery order, the privacy stripping of https URLs before the script sees them
 * and the parsing of the result string; the resolver only orders sources and explains.
 *
 * <p>Contract: never throws for a bad script or an unreachable PAC URL — it returns
 * {@link AutoConfigDecision#failed}. (The resolver still treats an exception as a failure,
 * because the script is untrusted.) It must be safe to call from several threads.
 */
@FunctionalInterface
public interface AutoConfigDecider {

    AutoConfigDecision decide(URI url);
}
