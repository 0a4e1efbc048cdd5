package dev.uplink.sensor.check;

import java.util.Locale;

/**
 * The IPv4 default route from {@code /proc/net/route}: the line with destination and mask 0, up
 * and via a gateway, the lowest metric winning. Addresses there are hexadecimal in the host's
 * (little-endian) byte order: {@code 0102000A} is 10.0.2.1.
 *
 * @param iface   the interface it leaves by
 * @param gateway the gateway's dotted quad
 */
public record DefaultRoute(String iface, String gateway) {
    private static final int RTF_UP = 0x1;
    private static final int RTF_GATEWAY = 0x2;

    /** The default route in the file's text, or null when there is none (or the text is not that table). */
    public static DefaultRoute parse(String procNetRoute) {
        if (procNetRoute == null) {
            return null;
        }
        DefaultRoute best = null;
        long bestMetric = Long.MAX_VALUE;
        for (String line : procNetRoute.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) {
                continue;
            }
            try {
                long dest = Long.parseLong(f[1], 16);
                long gw = Long.parseLong(f[2], 16);
                int flags = Integer.parseInt(f[3], 16);
                long metric = Long.parseLong(f[6]);
                long mask = Long.parseLong(f[7], 16);
                if (dest != 0 || mask != 0 || gw == 0 || (flags & (RTF_UP | RTF_GATEWAY)) != (RTF_UP | RTF_GATEWAY)) {
                    continue;
                }
                if (metric < bestMetric) {
                    bestMetric = metric;
                    best = new DefaultRoute(f[0], dottedQuad(gw));
                }
            } catch (NumberFormatException e) {
                // not a route line: skip it, as the kernel's format is all we read
            }
        }
        return best;
    }

    private static String dottedQuad(long littleEndian) {
        return String.format(
                Locale.ROOT,
                "%d.%d.%d.%d",
                littleEndian & 0xff,
                (littleEndian >> 8) & 0xff,
                (littleEndian >> 16) & 0xff,
                (littleEndian >> 24) & 0xff);
    }
}
