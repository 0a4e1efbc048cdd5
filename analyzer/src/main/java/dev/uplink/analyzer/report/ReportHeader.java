package dev.uplink.analyzer.report;

import java.util.List;

/**
 * Who produced a report, where and with what settings: the first thing a person reading a report
 * sent by someone else needs (docs/behaviour.md#reports).
 *
 * @param version              {@code uplink 0.1.0 (commit abc1234)}
 * @param host                 the machine's host name
 * @param os                   operating system name, version and architecture
 * @param configurationSources one line per source in effect, e.g. {@code machine policy: TelemetryProxyServer 10.0.0.6:8080}
 */
public record ReportHeader(String version, String host, String os, List<String> configurationSources) {

    public ReportHeader {
        version = version == null ? "" : version;
        host = host == null ? "" : host;
        os = os == null ? "" : os;
        configurationSources = List.copyOf(configurationSources);
    }

    /** For reports built without a command line (tests, embedders that do not say). */
    public static final ReportHeader NONE = new ReportHeader("", "", "", List.of());

    /** The running machine's name and system, with the given version and sources. */
    public static ReportHeader ofThisMachine(String version, List<String> configurationSources) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new ReportHeader(version, host, os, configurationSources);
    }
}
