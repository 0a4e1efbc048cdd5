package dev.uplink.cli.wpad;

import dev.uplink.cli.ExitCodes;
import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.wpad.LeaseDirectory;
import dev.uplink.core.wpad.WpadConfig;
import dev.uplink.core.wpad.WpadDiscovery;
import dev.uplink.core.wpad.WpadResult;
import dev.uplink.core.wpad.WpadResultJson;
import dev.uplink.core.wpad.WpadStep;
import java.io.PrintWriter;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uplink wpad discover}: runs discovery once (no cache) and shows every step tried.
 * Exit 0 when a PAC URL was found, 1 when none, 2 on bad options.
 */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        description = {
            "Look for a proxy auto-config (PAC) URL the way browsers do:",
            "DHCP option 252 from the stored leases, then (with --dhcp-inform) by asking the DHCP server,",
            "then http://wpad.<domain>/wpad.dat walking up the DNS domain (never to a public suffix),",
            "then http://wpad/wpad.dat. Each candidate is fetched without a proxy and must be a PAC script.",
            "Exit status: 0 a PAC URL was found, 1 none was found, 2 bad options."
        })
public class WpadDiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(
            names = "--dhcp-inform",
            description = "Also send a DHCPINFORM to ask the DHCP server for option 252 (needs root for UDP port 68).")
    boolean dhcpInform;

    @Option(
            names = "--interface",
            paramLabel = "IF",
            description = "Use only this interface for DHCP (leases and DHCPINFORM).")
    String interfaceName;

    @Option(
            names = "--domain",
            paramLabel = "D",
            description = "DNS domain to devolve from (default: from DHCP, else resolv.conf).")
    String domain;

    /** Discovery is interactive: beyond this a user is better served by an error than by waiting. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description =
                    "Overall bound for discovery, e.g. 500ms, 10s, 1m or PT10S; at most 5m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--lease-dir",
            paramLabel = "DIR",
            description =
                    "Read DHCP leases only from DIR (repeatable), instead of the usual lease directories and NetworkManager.")
    List<Path> leaseDirs;

    @Option(
            names = "--resolv-conf",
            paramLabel = "FILE",
            description = "resolv.conf to take the DNS domain from (default: /etc/resolv.conf).")
    Path resolvConf;

    private final Function<WpadConfig, WpadDiscovery> discoveryFactory;

    public WpadDiscoverCommand() {
        this(WpadDiscovery::new);
    }

    /** For tests: discovery with fake resolver/fetcher/DHCP so that no real traffic is sent. */
    public WpadDiscoverCommand(Function<WpadConfig, WpadDiscovery> discoveryFactory) {
        this.discoveryFactory = discoveryFactory;
    }

    @Override
    public Integer call() {
        WpadResult result = discoveryFactory.apply(config()).discover();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(WpadResultJson.toJson(result, false));
        } else {
            printText(result, out);
        }
        out.flush();
        return result.found() ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    WpadConfig config() {
        Duration bound = DurationText.parseWithIso(timeout, "--timeout", MAX_TIMEOUT);
        WpadConfig c = WpadConfig.defaults().withDhcpInform(dhcpInform).withTimeout(bound);
        if (interfaceName != null) {
            requireInterface(interfaceName);
            c = c.withInterfaceName(interfaceName);
        }
        if (domain != null) {
            c = c.withDomain(domain);
        }
        if (leaseDirs != null) {
            c = c.withLeaseDirectories(leaseDirs.stream()
                            .map(d -> new LeaseDirectory(d, "*"))
                            .toList())
                    .withNmcli(null);
        }
        if (resolvConf != null) {
            c = c.withResolvConf(resolvConf);
        }
        return c;
    }

    private static void requireInterface(String name) {
        try {
            if (NetworkInterface.getByName(name) == null) {
                throw new InvalidInputException(
                        "--interface '" + name + "' does not exist: expected an interface name from 'ip link'");
            }
        } catch (SocketException e) {
            throw new InvalidInputException("--interface '" + name + "' cannot be checked: " + e.getMessage(), e);
        }
    }

    static void printText(WpadResult r, PrintWriter out) {
        out.println("WPAD discovery (" + r.elapsedMillis() + " ms)");
        int n = 1;
        for (WpadStep s : r.steps()) {
            out.printf(
                    "  %d. %-11s %-9s %s  [%d ms]%n",
                    n++, s.method().label(), s.outcome().label(), s.candidate(), s.elapsedMillis());
            if (!s.detail().isEmpty()) {
                out.println("       " + s.detail());
            }
        }
        out.println("DNS domain : "
                + (r.dnsDomain() == null ? "(none)" : r.dnsDomain() + " (from " + r.dnsDomainSource() + ")"));
        out.println("PAC URL    : " + (r.found() ? r.pacUrl() : "none found"));
    }
}
