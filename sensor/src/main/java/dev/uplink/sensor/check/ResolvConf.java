package dev.uplink.sensor.check;

import dev.uplink.core.CaseMapping;

/**
 * The DNS domain from {@code /etc/resolv.conf}: {@code domain} and {@code search} exclude each
 * other and the last one wins (resolv.conf(5)); the domain is its first name. Comments start with
 * {@code #} or {@code ;}.
 */
public final class ResolvConf {
    /** Longest DNS name. */
    private static final int MAX_NAME = 253;

    private ResolvConf() {}

    /** The domain, lower case without a trailing dot, or null when the text names none. */
    public static String domain(String text) {
        if (text == null) {
            return null;
        }
        String domain = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length >= 2 && (f[0].equals("domain") || f[0].equals("search"))) {
                String d = CaseMapping.lower(f[1]);
                d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
                domain = d.isEmpty() || d.length() > MAX_NAME ? null : d;
            }
        }
        return domain;
    }
}
