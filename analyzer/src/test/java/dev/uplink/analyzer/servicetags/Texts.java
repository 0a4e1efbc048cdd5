package dev.uplink.analyzer.servicetags;

import java.util.List;

/** Test helper: ranges as their text, to compare with expected lists. */
final class Texts {
    private Texts() {}

    static List<String> of(List<IpPrefix> prefixes) {
        return prefixes.stream().map(IpPrefix::toString).toList();
    }
}
