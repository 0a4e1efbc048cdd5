package dev.uplink.analyzer.report;

import static dev.uplink.analyzer.report.HtmlReportWriter.esc;

import dev.uplink.core.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report's failures, grouped by cause, each with its remediation and, where one exists,
 * a fix to copy for exactly the hosts that failed that way: allowlist lines for the proxy, the
 * hosts to exclude from HTTPS inspection, the destinations to open in the firewall
 * (docs/behaviour.md#reports).
 */
final class FailureCauses {

    /** Causes whose fix is about the destination as reached without a proxy. */
    private static final Set<String> DIRECT_FIXES =
            Set.of("dns-failure", "connect-refused", "connect-timeout", "read-timeout");

    /** What goes into a fix: a host name or address and a port, nothing that could be markup or a command. */
    private static final java.util.regex.Pattern SAFE_HOST_PORT =
            java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,253}:\\d{1,5}|\\[[0-9A-Fa-f:.]{2,45}\\]:\\d{1,5}");

    private FailureCauses() {}

    /** One cause: its remediation, the failing URL/method pairs and the hosts behind them. */
    private record Cause(String remediation, List<String> failures, Set<String> hosts) {}

    static void render(StringBuilder sb, AnalysisReport report) {
        Map<String, Cause> causes = new LinkedHashMap<>();
        for (UrlResult r : HtmlReportWriter.unreachableFirst(report)) {
            for (MethodResult m : r.methods()) {
                if (m.outcome() != MethodOutcome.FAILED) {
                    continue;
                }
                String code = m.diagnosis() == null ? "failed" : m.diagnosis();
                Cause c = causes.computeIfAbsent(
                        code, k -> new Cause(m.remediation(), new ArrayList<>(), new LinkedHashSet<>()));
                c.failures().add(failure(r, m));
                String host = hostPort(r.url());
                // a firewall fix names the destination only when the device went there itself
                if (host != null && (!DIRECT_FIXES.contains(code) || "DIRECT".equals(m.route()))) {
                    c.hosts().add(host);
                }
            }
        }
        if (causes.isEmpty()) {
            return;
        }
        sb.append("<h2>Failures by cause</h2>\n<div id=\"failures\">\n");
        causes.forEach((code, c) -> {
            sb.append("<section class=\"cause\" id=\"cause-")
                    .append(esc(code))
                    .append("\"><h3><code>")
                    .append(esc(code))
                    .append("</code> &mdash; ")
                    .append(c.failures().size())
                    .append(c.failures().size() == 1 ? " failure" : " failures")
                    .append("</h3>\n");
            if (!c.remediation().isEmpty()) {
                sb.append("<p>Fix: ").append(esc(c.remediation())).append("</p>\n");
            }
            sb.append("<ul>\n");
            c.failures().forEach(f -> sb.append("<li>").append(f).append("</li>\n"));
            sb.append("</ul>\n");
            String fix = copyReadyFix(code, c.hosts());
            if (fix != null) {
                sb.append("<pre class=\"fix\">").append(esc(fix)).append("</pre>\n");
            }
            sb.append("</section>\n");
        });
        sb.append("</div>\n");
    }

    private static String failure(UrlResult r, MethodResult m) {
        StringBuilder item = new StringBuilder();
        item.append("<code>")
                .append(HtmlReportWriter.breakable(esc(Redaction.redactText(r.url()))))
                .append("</code> &mdash; ")
                .append(m.id())
                .append(" - ")
                .append(esc(m.name()));
        if (m.httpStatus() != null) {
            item.append(" (HTTP ").append(m.httpStatus()).append(")");
        }
        if (!m.detail().isEmpty()) {
            item.append(" &mdash; ").append(esc(Redaction.redactText(m.detail())));
        }
        if (HtmlReportWriter.unused(r, m)) {
            item.append(" <i>")
                    .append(esc("(not the sensor's route, which works)"))
                    .append("</i>");
        }
        return item.toString();
    }

    /**
     * {@code host:port}, the scheme's port when none is written; null when the URL has no plain
     * host. Read from the authority alone: a URL whose path or query is not valid still names
     * its host.
     */
    static String hostPort(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return null;
        }
        String scheme = url.substring(0, start);
        int end = start + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start + 3, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        try {
            URI u = new URI(scheme + "://" + authority + "/");
            if (u.getHost() == null) {
                return null;
            }
            int port = u.getPort() >= 0 ? u.getPort() : "http".equalsIgnoreCase(scheme) ? 80 : 443;
            String hp = u.getHost() + ":" + port;
            return SAFE_HOST_PORT.matcher(hp).matches() ? hp : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The fix to paste for these hosts, or null when the cause has none that is the same for everyone. */
    static String copyReadyFix(String code, Set<String> hostPorts) {
        if (hostPorts.isEmpty()) {
            return null;
        }
        List<String> hosts = hostPorts.stream()
                .map(h -> h.replaceFirst(":\\d+$", ""))
                .distinct()
                .toList();
        return switch (code) {
            case "proxy-denied", "proxy-auth-required", "unverified-answer" ->
                "# squid.conf: before the first "
                        + "http_access deny (and before any auth rule)\nacl uplink_allowed dstdomain "
                        + String.join(" ", hosts)
                        + "\nhttp_access allow uplink_allowed\n";
            case "tls-intercepted" -> "# exclude these hosts from HTTPS inspection\n" + String.join("\n", hosts) + "\n";
            case "dns-failure" ->
                "# these names must resolve (or use a proxy that resolves them)\n" + String.join("\n", hosts) + "\n";
            case "connect-refused", "connect-timeout", "read-timeout" ->
                "# allow outbound TCP to\n"
                        + String.join(
                                "\n",
                                hostPorts.stream()
                                        .map(h -> h.contains(":") ? h : h + ":443")
                                        .toList())
                        + "\n";
            default -> null;
        };
    }
}
