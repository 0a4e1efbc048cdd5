package dev.uplink.core.wpad;

import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A cheap summary of the machine's network attachment (up interfaces and their addresses). When
 * it changes — another Wi-Fi, a VPN, a new DHCP lease — a cached WPAD result no longer applies.
 */
public final class NetworkFingerprint {

    private NetworkFingerprint() {}

    public static String current() {
        List<String> parts = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    parts.add(ni.getName() + "=" + a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength());
                }
            }
        } catch (SocketException e) {
            return "unknown";
        }
        Collections.sort(parts);
        return String.join(",", parts);
    }
}
