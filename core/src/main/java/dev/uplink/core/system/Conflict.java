package dev.uplink.core.system;

import java.util.List;

/** Two sources that disagree, or a setting that does not reach services, in plain words. */
public record Conflict(String message, List<ProxySource> sources) {
    public Conflict {
        sources = List.copyOf(sources);
    }
}
