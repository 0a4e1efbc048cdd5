package dev.uplink.collector.health;

import java.util.List;

/** An administrator-defined site: its name and its address ranges in canonical CIDR form. */
public record Site(String name, List<String> cidrs) {

    public Site {
        cidrs = List.copyOf(cidrs);
    }
}
