package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The DHCPv4 options NetworkManager holds for each device, read with
 * {@code nmcli -t -f GENERAL.DEVICE,DHCP4 device show} (local D-Bus, no network traffic).
 * NetworkManager's built-in DHCP client keeps options only in memory, so this — not a file — is
 * where its option 252 ({@code wpad}) and domain ({@code domain_name}) are found.
 *
 * <p>Terse output is one {@code FIELD:value} per line, a blank line between devices, and in
 * values {@code :} and {@code \} escaped with a backslash:
 * <pre>
 * GENERAL.DEVICE:eth0
 * DHCP4.OPTION[3]:domain_name = corp.example.com
 * DHCP4.OPTION[9]:wpad = http\://wpad.corp.example.com/wpad.dat
 * </pre>
 */
public final class NetworkManagerDhcp {

    public static final Path DEFAULT_NMCLI = Path.of("/usr/bin/nmcli");
    static final int MAX_OUTPUT_BYTES = 1024 * 1024;

    private NetworkManagerDhcp() {}

    /**
     * Runs nmcli when it is installed; empty when it is not (no NetworkManager on this machine).
     *
     * @throws IOException when nmcli fails or does not answer within {@code timeout}
     */
    public static List<DhcpLease> query(Path nmcli, Duration timeout) throws IOException {
        if (!Files.isExecutable(nmcli)) {
            return List.of();
        }
        Process p = new ProcessBuilder(nmcli.toString(), "-t", "-f", "GENERAL.DEVICE,DHCP4", "device", "show")
                .redirectErrorStream(true)
                .start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(nmcli + " did not answer within " + timeout.toMillis() + " ms");
            }
            byte[] out = p.getInputStream().readNBytes(MAX_OUTPUT_BYTES);
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                // NetworkManager not running: nmcli says so and exits non-zero; nothing to learn.
                return List.of();
            }
            return parse(text, "nmcli (NetworkManager)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + nmcli, e);
        } finally {
            p.destroyForcibly();
        }
    }

    /** One lease per device that has DHCPv4 options, in nmcli's order. */
    public static List<DhcpLease> parse(String output, String source) {
        List<DhcpLease> leases = new ArrayList<>();
        String device = null;
        String wpad = null;
        String domain = null;
        boolean any = false;
        int lineNo = 0;
        for (String raw : (output + "\n\n").split("\\R", -1)) {
            lineNo++;
            if (raw.isBlank()) {
                if (any) {
                    leases.add(new DhcpLease(
                            source + " device " + device,
                            Optional.ofNullable(device),
                            DhcpOptionText.nonBlank(wpad),
                            DhcpOptionText.nonBlank(domain),
                            Optional.empty()));
                }
                device = wpad = domain = null;
                any = false;
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                throw new InvalidInputException(source + " line " + lineNo + " '" + DhcpOptionText.abbreviate(raw)
                        + "' is not FIELD:value: expected nmcli terse output");
            }
            String field = raw.substring(0, colon);
            String value = unescape(raw.substring(colon + 1));
            if (field.equals("GENERAL.DEVICE")) {
                device = value;
            } else if (field.startsWith("DHCP4.OPTION")) {
                int eq = value.indexOf(" = ");
                if (eq <= 0) {
                    throw new InvalidInputException(source + " line " + lineNo + " '" + DhcpOptionText.abbreviate(raw)
                            + "' is not 'name = value': expected a DHCP4.OPTION entry");
                }
                any = true;
                String name = value.substring(0, eq).trim();
                String v = value.substring(eq + 3).trim();
                switch (name) {
                    case "wpad" ->
                        wpad = DhcpOptionText.isColonHex(v)
                                ? DhcpOptionText.text(DhcpOptionText.hex(v, source + " wpad"))
                                : v;
                    case "private_252" -> wpad = DhcpOptionText.text(DhcpOptionText.hex(v, source + " private_252"));
                    case "domain_name" -> domain = v.split("\\s+")[0];
                    default -> {
                        // other options are not needed for WPAD
                    }
                }
            }
        }
        return List.copyOf(leases);
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
