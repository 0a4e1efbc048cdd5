package dev.uplink.core.wpad;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DNS domain of the machine as resolv.conf states it: the {@code domain} line, else the first
 * entry of the {@code search} line. As in glibc, the last {@code domain}/{@code search} line wins.
 */
public final class ResolvConf {

    private ResolvConf() {}

    /** The machine's DNS domain from resolv.conf text; empty when it names none. */
    public static Optional<String> dnsDomain(String text) {
        String domain = null;
        List<String> search = List.of();
        for (String raw : text.split("\\R")) {
            String line = stripComment(raw).trim();
            String[] words = line.split("\\s+");
            if (words.length < 2) {
                continue;
            }
            switch (words[0]) {
                case "domain" -> {
                    domain = words[1];
                    search = List.of();
                }
                case "search" -> {
                    List<String> entries = new ArrayList<>(List.of(words).subList(1, words.length));
                    entries.removeIf(e -> e.equals("."));
                    search = entries;
                    domain = null;
                }
                default -> {
                    // nameserver, options, sortlist: not about the domain
                }
            }
        }
        if (domain != null) {
            return Optional.of(domain);
        }
        return search.stream().findFirst();
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return cut < 0 ? line : line.substring(0, cut);
    }
}
