package dev.uplink.core.wpad;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A directory where a DHCP client stores leases, and the glob its lease file names match. */
public record LeaseDirectory(Path dir, String glob) {
    public LeaseDirectory {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(glob, "glob");
    }

    /**
     * Where the common Linux DHCP clients keep their leases. NetworkManager's own (nettools) client
     * stores no options on disk; its live options come from {@link NetworkManagerDhcp} instead.
     */
    public static List<LeaseDirectory> linuxDefaults() {
        return List.of(
                new LeaseDirectory(Path.of("/run/systemd/netif/leases"), "*"),
                new LeaseDirectory(Path.of("/var/lib/NetworkManager"), "*.lease"),
                new LeaseDirectory(Path.of("/var/lib/dhcp"), "dhclient*.lease*"),
                new LeaseDirectory(Path.of("/var/lib/dhclient"), "dhclient*.lease*"));
    }

    @Override
    public String toString() {
        return dir.resolve(glob).toString();
    }
}
