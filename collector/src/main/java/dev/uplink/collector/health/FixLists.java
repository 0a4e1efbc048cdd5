package dev.uplink.collector.health;

import java.util.List;

/**
 * Renders a site's fix list from the URLs failing there. Implemented in the cli module with the
 * analyzer's exporters: the collector must not depend on the analyzer.
 */
public interface FixLists {
    String render(FixKind kind, String site, List<String> failingUrls);
}
