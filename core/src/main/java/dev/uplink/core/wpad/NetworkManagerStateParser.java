package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;

import java.util.Optional;

/**
 * NetworkManager's per-device state ({@code /run/NetworkManager/devices/<ifindex>}), a GKeyFile
 * with groups. The DHCPv4 options appear in the {@code [dhcp4]} group under NetworkManager's own
 * option names: {@code wpad} for option 252 and {@code domain_name} for option 15; an option
 * NetworkManager has no name for is {@code private_<code>} in colon-separated hex.
 */
public final class NetworkManagerStateParser {

    private NetworkManagerStateParser() {
    }

    public static DhcpLease parse(String text, String source) {
        String group = "";
        String wpad = null;
        String domain = null;
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new InvalidInputException(source + " line " + lineNo + " '" + DhcpOptionText.abbreviate(line)
                            + "' is not a group header: expected [name]");
                }
                group = line.substring(1, line.length() - 1).trim();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException(source + " line " + lineNo + " '" + DhcpOptionText.abbreviate(line)
                        + "' is not key=value: expected a NetworkManager keyfile");
            }
            if (!group.equals("dhcp4")) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            switch (key) {
                case "wpad" -> wpad = DhcpOptionText.isColonHex(value)
                        ? DhcpOptionText.text(DhcpOptionText.hex(value, source + " " + key))
                        : value;
                case "private_252" -> wpad = DhcpOptionText.text(DhcpOptionText.hex(value, source + " " + key));
                case "domain_name" -> domain = value.split("\\s+")[0];
                default -> {
                    // other DHCP options are not needed for WPAD
                }
            }
        }
        return new DhcpLease(source, Optional.empty(), DhcpOptionText.nonBlank(wpad),
                DhcpOptionText.nonBlank(domain), Optional.empty());
    }
}
