package dev.uplink.collector.health;

import java.util.List;

/**
 * Renders a site's fix list from the URLs failing there (docs/behaviour.md#fleet-health).
 * Implemented in the cli module with the analyzer's exporters: the collector must not depend on the
 * analyzer. The hosts of the URLs enter the list; a URL whose host is not a plain host name or
 * address (a device may send anything) is left out.
 */
public interface FixLists {

    /**
     * @param proxy the proxy ({@code host:port}) a PAC list sends the hosts to; required for
     *     {@link FixKind#PAC} (see {@link HealthStore#siteProxy}), ignored otherwise
     */
    String render(FixKind kind, String site, List<String> failingUrls, String proxy);

    /** {@link #render(FixKind, String, List, String)} without a proxy: every kind but PAC. */
    default String render(FixKind kind, String site, List<String> failingUrls) {
        return render(kind, site, failingUrls, null);
    }
}
