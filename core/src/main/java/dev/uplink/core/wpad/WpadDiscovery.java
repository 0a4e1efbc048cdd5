package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.Deadline;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.net.LookupTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Web Proxy Auto-Discovery, in the order browsers use (Chromium's PacFileDecider): DHCP option 252
 * from the stored leases, then from a DHCPINFORM when enabled, then DNS — {@code wpad.<domain>}
 * devolving up to (never onto) a public suffix, finally {@code wpad}. Every candidate is fetched
 * and must be a PAC script before it is chosen. The whole run is bounded by
 * {@link WpadConfig#timeout()}; each attempt is recorded as a {@link WpadStep}.
 *
 * <p>Not thread-safe per run but stateless between runs; cache results with {@link WpadDiscoveryCache}.
 */
public final class WpadDiscovery {

    private final WpadConfig config;
    private final HostResolver resolver;
    private final PacProbe probe;
    private final DhcpInformer informer;
    private final DhcpLeaseReader leaseReader;
    private final Clock clock;

    /** Discovery on the real machine: system resolver, HTTP without proxy, UDP DHCPINFORM. */
    public WpadDiscovery(WpadConfig config) {
        this(config, HostResolver.system(), new HttpPacProbe(), DhcpInformer.udp(), Clock.systemUTC());
    }

    public WpadDiscovery(WpadConfig config, HostResolver resolver, PacProbe probe, DhcpInformer informer, Clock clock) {
        this.config = config;
        this.resolver = resolver;
        this.probe = probe;
        this.informer = informer;
        this.leaseReader = new DhcpLeaseReader(config.leaseDirectories());
        this.clock = clock;
    }

    public WpadResult discover() {
        return new Run().execute();
    }

    /** One discovery: its steps, its deadline, the DNS domain learnt on the way. */
    private final class Run {
        final Deadline deadline = new Deadline(config.timeout());
        final List<WpadStep> steps = new ArrayList<>();
        final Set<String> tried = new HashSet<>();
        String dhcpDomain;
        String dhcpDomainSource;
        String dnsDomain;
        String dnsDomainSource;

        WpadResult execute() {
            Optional<WpadResult> found = fromLeases();
            if (found.isEmpty() && config.dhcpInform()) {
                found = fromDhcpInform();
            }
            return found.orElseGet(() -> fromDns().orElseGet(() -> result(null, null)));
        }

        Optional<WpadResult> fromLeases() {
            long t0 = deadline.elapsedMillis();
            List<DhcpLease> leases = new ArrayList<>(fromNetworkManager());
            DhcpLeaseReader.Scan scan = leaseReader.scan();
            for (String problem : scan.problems()) {
                steps.add(new WpadStep(
                        WpadMethod.DHCP_LEASE,
                        "lease file",
                        WpadOutcome.ERROR,
                        problem,
                        deadline.elapsedMillis() - t0));
            }
            leases.addAll(scan.leases());
            List<DhcpLease> usable = leases.stream()
                    .filter(l -> config.interfaceName().isEmpty()
                            || l.interfaceName().isEmpty()
                            || l.interfaceName().equals(config.interfaceName()))
                    .collect(Collectors.toList());
            for (DhcpLease l : usable) {
                if (l.domain().isPresent() && dhcpDomain == null && !l.expiredAt(clock.instant())) {
                    dhcpDomain = l.domain().get();
                    dhcpDomainSource = l.source();
                }
            }
            List<DhcpLease> withWpad =
                    usable.stream().filter(l -> l.wpadUrl().isPresent()).collect(Collectors.toList());
            if (withWpad.isEmpty()) {
                String where = config.leaseDirectories().stream()
                        .map(LeaseDirectory::toString)
                        .collect(Collectors.joining(", "));
                steps.add(new WpadStep(
                        WpadMethod.DHCP_LEASE,
                        "lease files",
                        WpadOutcome.NOT_FOUND,
                        "no DHCP option 252 in " + scan.filesRead() + " lease file(s)"
                                + (where.isEmpty() ? "" : " under " + where)
                                + config.nmcli().map(n -> " nor from " + n).orElse(""),
                        deadline.elapsedMillis() - t0));
                return Optional.empty();
            }
            for (DhcpLease l : withWpad) {
                if (l.expiredAt(clock.instant())) {
                    steps.add(new WpadStep(
                            WpadMethod.DHCP_LEASE,
                            l.wpadUrl().get(),
                            WpadOutcome.NOT_FOUND,
                            "lease in " + l.source() + " expired at "
                                    + l.expires().get(),
                            0));
                    continue;
                }
                Optional<WpadResult> r =
                        tryUrl(WpadMethod.DHCP_LEASE, l.wpadUrl().get(), "option 252 from " + l.source());
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        }

        /** NetworkManager's live DHCP options; a failure is a step, not the end of discovery. */
        List<DhcpLease> fromNetworkManager() {
            if (config.nmcli().isEmpty()) {
                return List.of();
            }
            long t0 = deadline.elapsedMillis();
            try {
                return NetworkManagerDhcp.query(config.nmcli().get(), deadline.budget(Duration.ofSeconds(2)));
            } catch (IOException | InvalidInputException e) {
                steps.add(new WpadStep(
                        WpadMethod.DHCP_LEASE,
                        config.nmcli().get().toString(),
                        WpadOutcome.ERROR,
                        describe(e),
                        deadline.elapsedMillis() - t0));
                return List.of();
            }
        }

        Optional<WpadResult> fromDhcpInform() {
            String candidate = "DHCPINFORM on " + config.interfaceName().orElse("first IPv4 interface");
            if (deadline.expired()) {
                steps.add(skipped(WpadMethod.DHCP_INFORM, candidate));
                return Optional.empty();
            }
            long t0 = deadline.elapsedMillis();
            DhcpInformClient.Reply reply;
            Duration budget = deadline.budget(config.dhcpInformTimeout());
            try {
                reply = Deadline.bounded(() -> informer.inform(config.interfaceName(), budget), budget.plusMillis(200));
            } catch (SocketTimeoutException | TimeoutException e) {
                steps.add(new WpadStep(
                        WpadMethod.DHCP_INFORM,
                        candidate,
                        WpadOutcome.TIMEOUT,
                        "no DHCPACK within " + budget.toMillis() + " ms",
                        deadline.elapsedMillis() - t0));
                return Optional.empty();
            } catch (InvalidInputException e) {
                throw e;
            } catch (Exception e) {
                steps.add(new WpadStep(
                        WpadMethod.DHCP_INFORM,
                        candidate,
                        WpadOutcome.ERROR,
                        describe(e),
                        deadline.elapsedMillis() - t0));
                return Optional.empty();
            }
            candidate = "DHCPINFORM on " + reply.via();
            if (reply.domain().isPresent()) {
                dhcpDomain = reply.domain().get();
                dhcpDomainSource = "dhcp-inform (" + reply.server().getHostAddress() + ")";
            }
            String from = "DHCPACK from " + reply.server().getHostAddress();
            if (reply.wpadUrl().isEmpty()) {
                steps.add(new WpadStep(
                        WpadMethod.DHCP_INFORM,
                        candidate,
                        WpadOutcome.NOT_FOUND,
                        from + " without option 252",
                        deadline.elapsedMillis() - t0));
                return Optional.empty();
            }
            return tryUrl(
                    WpadMethod.DHCP_INFORM, reply.wpadUrl().get(), "option 252 in " + from + " via " + reply.via());
        }

        Optional<WpadResult> fromDns() {
            chooseDnsDomain();
            List<String> hosts;
            try {
                hosts = WpadDomainDevolution.candidateHosts(dnsDomain);
            } catch (InvalidInputException e) {
                steps.add(new WpadStep(
                        WpadMethod.DNS,
                        "domain " + dnsDomain,
                        WpadOutcome.ERROR,
                        e.getMessage() + " (from " + dnsDomainSource + ")",
                        0));
                hosts = WpadDomainDevolution.candidateHosts(null);
            }
            for (String host : hosts) {
                String url = WpadDomainDevolution.pacUrlFor(host);
                if (deadline.expired()) {
                    steps.add(skipped(WpadMethod.DNS, url));
                    continue;
                }
                long t0 = deadline.elapsedMillis();
                try {
                    List<InetAddress> addresses = resolver.resolve(host, deadline.budget(config.probeTimeout()));
                    if (addresses.isEmpty()) {
                        throw new UnknownHostException(host);
                    }
                } catch (LookupTimeoutException e) {
                    steps.add(new WpadStep(
                            WpadMethod.DNS,
                            url,
                            WpadOutcome.TIMEOUT,
                            "resolving " + host + " took too long",
                            deadline.elapsedMillis() - t0));
                    continue;
                } catch (UnknownHostException e) {
                    steps.add(new WpadStep(
                            WpadMethod.DNS,
                            url,
                            WpadOutcome.NOT_FOUND,
                            host + " does not resolve",
                            deadline.elapsedMillis() - t0));
                    continue;
                } catch (RuntimeException e) {
                    steps.add(new WpadStep(
                            WpadMethod.DNS,
                            url,
                            WpadOutcome.ERROR,
                            "resolving " + host + ": " + describe(e),
                            deadline.elapsedMillis() - t0));
                    continue;
                }
                Optional<WpadResult> r = tryUrl(WpadMethod.DNS, url, host + " resolves");
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        }

        /** Configured domain first, then what DHCP said, then resolv.conf. */
        void chooseDnsDomain() {
            if (config.domain().isPresent()) {
                dnsDomain = config.domain().get();
                dnsDomainSource = "configured";
            } else if (dhcpDomain != null) {
                dnsDomain = dhcpDomain;
                dnsDomainSource = dhcpDomainSource;
            } else {
                try {
                    Optional<String> d =
                            ResolvConf.dnsDomain(Files.readString(config.resolvConf(), StandardCharsets.UTF_8));
                    if (d.isPresent()) {
                        dnsDomain = d.get();
                        dnsDomainSource = config.resolvConf().toString();
                    }
                } catch (IOException | RuntimeException e) {
                    // no readable resolv.conf: devolution starts from nothing, only "wpad" is tried
                }
            }
        }

        Optional<WpadResult> tryUrl(WpadMethod method, String url, String origin) {
            long t0 = deadline.elapsedMillis();
            URI uri;
            try {
                uri = DhcpOptionText.wpadUrl(url, origin);
            } catch (InvalidInputException e) {
                steps.add(new WpadStep(method, url, WpadOutcome.ERROR, e.getMessage(), 0));
                return Optional.empty();
            }
            if (!tried.add(uri.toString())) {
                steps.add(new WpadStep(method, url, WpadOutcome.NOT_FOUND, "already tried above", 0));
                return Optional.empty();
            }
            if (deadline.expired()) {
                steps.add(skipped(method, url));
                return Optional.empty();
            }
            Duration budget = deadline.budget(config.probeTimeout());
            PacProbeResult r;
            try {
                r = Deadline.bounded(() -> probe.probe(uri, budget), budget.plusMillis(500));
            } catch (TimeoutException e) {
                r = PacProbeResult.timeout("no answer within " + budget.toMillis() + " ms");
            } catch (Exception e) {
                r = PacProbeResult.error(describe(e));
            }
            String detail = origin + "; " + r.detail();
            steps.add(new WpadStep(method, url, r.outcome(), detail, deadline.elapsedMillis() - t0));
            return r.outcome() == WpadOutcome.FOUND ? Optional.of(result(uri, r.pacScript())) : Optional.empty();
        }

        WpadStep skipped(WpadMethod method, String candidate) {
            return new WpadStep(
                    method,
                    candidate,
                    WpadOutcome.TIMEOUT,
                    "not tried: overall deadline of " + deadline.total().toMillis() + " ms reached",
                    0);
        }

        WpadResult result(URI url, String script) {
            if (dnsDomain == null && url != null) {
                chooseDnsDomain();
            }
            return new WpadResult(
                    url, script, dnsDomain, dnsDomainSource, steps, clock.instant(), deadline.elapsedMillis());
        }
    }

    /** The failure in words: the steps are shown to users, who should not see Java class names. */
    private static String describe(Exception e) {
        String msg = e.getMessage();
        if (msg != null && !msg.isBlank()) {
            return msg;
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return "failed without details";
    }
}
