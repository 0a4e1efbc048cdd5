package dev.uplink.collector.http.ui;

import dev.uplink.collector.health.CheckSummary;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.NetworkFacts;
import dev.uplink.collector.health.ProbeResult;
import dev.uplink.collector.health.SiteSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The dashboard's pages, rendered on the server: every value goes through {@link Html#text}, links
 * carry URL-encoded parameters, and nothing is inline (no script at all, styles only from
 * {@code /ui/static/dashboard.css}), so the Content-Security-Policy can forbid both
 * (docs/decisions/0009-dashboard-web-layer.md).
 */
final class Pages {

    /**
     * Rows a list shows at most: a page stays a few hundred kilobytes with a fleet of thousands
     * failing at once; the API has them all.
     */
    static final int MAX_ROWS = 500;

    private Pages() {}

    static String login(String csrf, String message) {
        Html h = head("uplink - sign in", null, null);
        h.raw("<section class=\"login\"><h1>uplink collector</h1>");
        if (message != null) {
            h.raw("<p class=\"message\" id=\"message\">").text(message).raw("</p>");
        }
        h.raw("<form method=\"post\" action=\"/ui/login\">")
                .raw("<input type=\"hidden\" name=\"csrf\" value=\"")
                .text(csrf)
                .raw("\">")
                .raw("<label>Operator <input name=\"name\" id=\"name\" autocomplete=\"username\" required></label>")
                .raw("<label>Password <input type=\"password\" name=\"password\" id=\"password\""
                        + " autocomplete=\"current-password\" required></label>")
                .raw("<button type=\"submit\" id=\"login\">Sign in</button></form></section>");
        return tail(h);
    }

    /** The overview: per site the counts, the site x endpoint matrix, and the stale devices. */
    static String matrix(HealthDocument doc, String operator, String csrf, boolean fixLists) {
        Html h = head("uplink - fleet connectivity", operator, csrf);
        h.raw("<h1>Fleet connectivity</h1><p class=\"generated\">Generated ")
                .text(doc.generatedAt())
                .raw("</p>");
        h.raw("<h2>Sites</h2><table id=\"sites\"><thead><tr><th>Site</th><th>Devices</th><th>Failing</th>"
                + "<th>Stale</th>" + (fixLists ? "<th>Fix lists</th>" : "") + "</tr></thead><tbody>");
        for (SiteSummary s : doc.sites()) {
            h.raw("<tr><td>").text(s.name()).raw("</td><td>").text(s.devices()).raw("</td><td>");
            h.text(s.failingDevices()).raw("</td><td>").text(s.staleDevices()).raw("</td>");
            if (fixLists) {
                h.raw("<td>");
                fixLinks(h, s.name());
                h.raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");

        TreeSet<String> endpoints = new TreeSet<>();
        Map<String, HealthCell> cells = new HashMap<>();
        for (HealthCell c : doc.cells()) {
            endpoints.add(c.endpoint());
            cells.put(c.site() + "\n" + c.endpoint(), c);
        }
        h.raw("<h2>Sites and services</h2>");
        if (endpoints.isEmpty()) {
            h.raw("<p id=\"no-checks\">No device has reported a connectivity check yet.</p>");
        } else {
            h.raw("<div class=\"scroll\"><table id=\"matrix\" class=\"matrix\"><thead><tr><th>Site</th>");
            for (String e : endpoints) {
                h.raw("<th class=\"endpoint\">").text(e).raw("</th>");
            }
            h.raw("</tr></thead><tbody>");
            for (SiteSummary s : doc.sites()) {
                h.raw("<tr><th>").text(s.name()).raw("</th>");
                for (String e : endpoints) {
                    HealthCell c = cells.get(s.name() + "\n" + e);
                    if (c == null || c.devices() == 0) {
                        h.raw("<td class=\"cell none\">&nbsp;</td>");
                        continue;
                    }
                    h.raw("<td class=\"cell ")
                            .raw(shade(c))
                            .raw("\" data-site=\"")
                            .text(c.site());
                    h.raw("\" data-endpoint=\"").text(c.endpoint()).raw("\">");
                    h.raw("<a href=\"")
                            .text(Html.url("/ui/cell", "site", c.site(), "endpoint", c.endpoint()))
                            .raw("\">");
                    h.raw("<span class=\"count\">").text(c.failing()).raw("/").text(c.devices());
                    h.raw("</span>");
                    c.topDiagnosis()
                            .ifPresent(d ->
                                    h.raw("<span class=\"diagnosis\">").text(d).raw("</span>"));
                    h.raw("</a></td>");
                }
                h.raw("</tr>");
            }
            h.raw("</tbody></table></div>");
            h.raw("<p class=\"legend\"><span class=\"cell ok\">no device fails</span>"
                    + " <span class=\"cell some\">under 10 % fail</span>"
                    + " <span class=\"cell many\">under 50 % fail</span>"
                    + " <span class=\"cell most\">half or more fail</span></p>");
        }

        List<DeviceHealth> stale =
                doc.devices().stream().filter(DeviceHealth::stale).toList();
        h.raw("<h2>Stale devices</h2>");
        if (stale.isEmpty()) {
            h.raw("<p>None: every device checked and reported within twice its interval.</p>");
        } else {
            h.raw("<table id=\"stale\"><thead><tr><th>Device</th><th>Site</th><th>Last check</th>"
                    + "<th>Last seen</th></tr></thead><tbody>");
            for (DeviceHealth d : stale.subList(0, Math.min(stale.size(), MAX_ROWS))) {
                h.raw("<tr class=\"stale\"><td>");
                h.link("/ui/device", d.name(), "id", d.deviceId());
                h.raw("</td><td>").text(d.site()).raw("</td><td>").text(d.lastCheck());
                h.raw("</td><td>").text(d.lastSeen()).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
            more(h, stale.size());
        }
        return tail(h);
    }

    private static void more(Html h, int rows) {
        if (rows > MAX_ROWS) {
            h.raw("<p class=\"more\">and ").text(rows - MAX_ROWS).raw(" more: the API (/api/v1/health) lists all.</p>");
        }
    }

    /** One cell: the site's devices failing the endpoint, with the evidence and the remediation. */
    static String cell(
            HealthDocument doc, String site, String endpoint, String operator, String csrf, boolean fixLists) {
        Html h = head("uplink - " + site + " / " + endpoint, operator, csrf);
        h.raw("<p class=\"crumbs\"><a href=\"/ui/\">Fleet</a></p>");
        h.raw("<h1>").text(endpoint).raw(" at ").text(site).raw("</h1>");
        HealthCell cell = doc.cells().stream()
                .filter(c -> c.site().equals(site) && c.endpoint().equals(endpoint))
                .findFirst()
                .orElse(null);
        if (cell == null) {
            h.raw("<p id=\"no-cell\">No device of this site checked this endpoint.</p>");
            return tail(h);
        }
        h.raw("<p class=\"summary\" id=\"cell-summary\">")
                .text(cell.failing())
                .raw(" of ")
                .text(cell.devices());
        h.raw(" devices fail.</p>");
        if (fixLists) {
            h.raw("<p>Fix lists for ").text(site).raw(": ");
            fixLinks(h, site);
            h.raw("</p>");
        }
        h.raw("<table id=\"devices\"><thead><tr><th>Device</th><th>URL</th><th>Method</th><th>Route</th>"
                + "<th>Diagnosis</th><th>Evidence</th><th>Remediation</th></tr></thead><tbody>");
        int rows = 0;
        for (DeviceHealth d : doc.devices()) {
            if (!d.site().equals(site)) {
                continue;
            }
            for (FailingProbe p : d.failing()) {
                if (!endpoint.equals(p.endpoint()) || ++rows > MAX_ROWS) {
                    continue;
                }
                h.raw("<tr" + (d.stale() ? " class=\"stale\"" : "") + "><td>");
                h.link("/ui/device", d.name(), "id", d.deviceId());
                if (d.stale()) {
                    h.raw(" <span class=\"badge\">stale</span>");
                }
                h.raw("</td><td class=\"url\">").text(p.url()).raw("</td><td>").text(p.method());
                h.raw("</td><td>")
                        .text(p.route())
                        .raw("</td><td>")
                        .text(p.diagnosis())
                        .raw("</td><td>");
                evidence(h, p.detail(), p.issuer(), p.proxyError(), p.httpStatus());
                h.raw("</td><td>").text(p.remediation()).raw("</td></tr>");
            }
        }
        h.raw("</tbody></table>");
        more(h, rows);
        return tail(h);
    }

    /** One device: where it is, how it reaches out, its last check's results and its history. */
    static String device(DeviceDetail d, String operator, String csrf) {
        DeviceHealth dh = d.health();
        Html h = head("uplink - " + dh.name(), operator, csrf);
        h.raw("<p class=\"crumbs\"><a href=\"/ui/\">Fleet</a></p>");
        h.raw("<h1 id=\"device-name\">").text(dh.name()).raw("</h1>");
        if (dh.stale()) {
            h.raw("<p class=\"badge stale\" id=\"stale\">stale: no check or upload within twice its interval</p>");
        }
        h.raw("<dl class=\"facts\">");
        fact(h, "Device id", dh.deviceId());
        fact(h, "Site", dh.site());
        fact(h, "Host", d.host());
        fact(h, "Last check", dh.lastCheck());
        fact(h, "Last seen", dh.lastSeen());
        fact(h, "Sensor route", d.sensorRoute());
        fact(
                h,
                "Configuration sources",
                d.configurationSources().isEmpty() ? "none" : String.join(", ", d.configurationSources()));
        NetworkFacts n = d.network();
        if (n != null) {
            fact(h, "DNS domain", n.dnsDomain());
            fact(h, "Default gateway", n.defaultGateway());
            fact(h, "Primary address", n.primaryAddress());
            fact(h, "Addresses", String.join(", ", n.addresses()));
            fact(h, "Proxy", n.proxy());
        }
        h.raw("</dl>");
        h.raw("<h2>Routes in the last check</h2><table id=\"results\"><thead><tr><th>URL</th><th>Method</th>"
                + "<th>Route</th><th>Outcome</th><th>Diagnosis</th><th>Evidence</th><th>Remediation</th>"
                + "<th>ms</th></tr></thead><tbody>");
        for (ProbeResult r : d.lastResults()) {
            h.raw("<tr class=\"")
                    .raw(r.failed() ? "failed" : "passed")
                    .raw("\"><td class=\"url\">")
                    .text(r.url());
            h.raw("</td><td>")
                    .text(r.methodName() != null ? r.methodName() : r.method())
                    .raw("</td><td>");
            h.text(r.route())
                    .raw("</td><td>")
                    .text(r.outcome())
                    .raw("</td><td>")
                    .text(r.diagnosis());
            h.raw("</td><td>");
            evidence(h, r.detail(), r.issuer(), r.proxyError(), r.httpStatus());
            h.raw("</td><td>")
                    .text(r.remediation())
                    .raw("</td><td>")
                    .text(r.elapsedMs())
                    .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        h.raw("<h2>History</h2><table id=\"history\"><thead><tr><th>Started</th><th>Trigger</th><th>Results</th>"
                + "<th>Failing</th></tr></thead><tbody>");
        for (CheckSummary c : d.history()) {
            h.raw("<tr><td>")
                    .text(c.startedAt())
                    .raw("</td><td>")
                    .text(c.trigger())
                    .raw("</td><td>");
            h.text(c.results()).raw("</td><td>").text(c.failing()).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        return tail(h);
    }

    static String message(String title, String text, String operator, String csrf) {
        Html h = head("uplink - " + title, operator, csrf);
        h.raw("<p class=\"crumbs\"><a href=\"/ui/\">Fleet</a></p><h1>")
                .text(title)
                .raw("</h1><p id=\"message\">");
        h.text(text).raw("</p>");
        return tail(h);
    }

    /** The share of failing devices as one of four classes (the legend explains them). */
    static String shade(HealthCell c) {
        if (c.failing() == 0) {
            return "ok";
        }
        double share = (double) c.failing() / c.devices();
        return share < 0.10 ? "some" : share < 0.50 ? "many" : "most";
    }

    private static void fixLinks(Html h, String site) {
        String sep = "";
        for (FixKind k : FixKind.values()) {
            h.raw(sep);
            h.link("/ui/fix", k.wireName(), "site", site, "kind", k.wireName());
            sep = " ";
        }
    }

    private static void evidence(Html h, String detail, String issuer, String proxyError, Integer status) {
        h.text(detail);
        if (issuer != null) {
            h.raw("<br>issuer ").text(issuer);
        }
        if (proxyError != null) {
            h.raw("<br>proxy error ").text(proxyError);
        }
        if (status != null) {
            h.raw("<br>HTTP ").text(status);
        }
    }

    private static void fact(Html h, String name, Object value) {
        h.raw("<dt>").text(name).raw("</dt><dd>").text(value).raw("</dd>");
    }

    private static Html head(String title, String operator, String csrf) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>")
                .text(title)
                .raw("</title><link rel=\"stylesheet\" href=\"/ui/static/dashboard.css\"></head><body>");
        if (operator != null) {
            h.raw("<header><span class=\"brand\">uplink</span><span class=\"who\">signed in as <span id=\"operator\">")
                    .text(operator)
                    .raw("</span></span><form method=\"post\" action=\"/ui/logout\" class=\"logout\">")
                    .raw("<input type=\"hidden\" name=\"csrf\" value=\"")
                    .text(csrf)
                    .raw("\"><button type=\"submit\" id=\"logout\">Sign out</button></form></header>");
        }
        h.raw("<main>");
        return h;
    }

    private static String tail(Html h) {
        return h.raw("</main></body></html>").toString();
    }
}
