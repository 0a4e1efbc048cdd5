package dev.uplink.core.system;

import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.importers.RegFileParser;
import dev.uplink.core.importers.RegistryPolParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings exported from other machines ({@code uplink system import FILE...}), each file
 * recognised by its content (docs/behaviour.md#exported-settings): a Windows {@code reg export}
 * (UTF-16LE with BOM, UTF-8 or ANSI) or Registry.pol, captured {@code netsh winhttp show proxy} or
 * {@code show advproxy} output, captured {@code scutil --proxy} output, or an XML plist /
 * unsigned {@code .mobileconfig}. Every file is read completely before anything is returned, so a
 * damaged one is an error and nothing is half-imported.
 *
 * @param report  the sources of all files, their conflicts and the service-scope choice
 * @param policy  the machine policy equivalent to the files ({@link MachinePolicy#EMPTY} when none says one)
 * @param winHttp the WinHTTP-style settings equivalent to the files, null when none says one
 */
public record ExportedSettings(SourcesReport report, MachinePolicy policy, WinHttpSettings winHttp) {

    /** Exports are a few KiB; registry exports of whole hives are larger, as RegFileParser allows. */
    public static final long MAX_FILE_BYTES = RegFileParser.MAX_FILE_BYTES;

    static final String EXPECTED =
            "expected a Windows 'reg export' file (header 'Windows Registry Editor Version 5.00' or "
                    + "'REGEDIT4'), a Registry.pol file, the captured output of 'netsh winhttp show proxy' or 'netsh winhttp "
                    + "show advproxy', the captured output of macOS 'scutil --proxy', or an XML plist or unsigned .mobileconfig";

    public static ExportedSettings read(List<Path> files) {
        List<ProxySource> sources = new ArrayList<>();
        MachinePolicy policy = MachinePolicy.EMPTY;
        WinHttpSettings winHttp = null;
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = InputFiles.read(file, MAX_FILE_BYTES, "an exported settings file");
            String name = file.toString();
            List<ProxySource> these;
            if (startsWith(bytes, 'P', 'R', 'e', 'g')) {
                WindowsExport.Result r = WindowsExport.read(RegistryPolParser.parse(bytes, name), name);
                these = r.sources();
                policy = merge(policy, r.policy());
                winHttp = r.winHttp() != null ? r.winHttp() : winHttp;
            } else {
                String text = decode(bytes);
                String head = firstLine(text);
                if (head.equals("Windows Registry Editor Version 5.00") || head.equals("REGEDIT4")) {
                    WindowsExport.Result r = WindowsExport.read(RegFileParser.parse(bytes, name), name);
                    these = r.sources();
                    policy = merge(policy, r.policy());
                    winHttp = r.winHttp() != null ? r.winHttp() : winHttp;
                } else if (head.equals(CapturedText.NETSH_PROXY_TITLE)) {
                    ProxySource s = CapturedText.netshProxy(text, name);
                    these = List.of(s);
                    winHttp = s.toWinHttpSettings();
                } else if (head.equals(CapturedText.NETSH_ADVPROXY_TITLE)) {
                    ProxySource s = CapturedText.netshAdvProxy(text, name);
                    these = List.of(s);
                    winHttp = s.toWinHttpSettings();
                } else if (head.startsWith("<dictionary>")) {
                    ProxySource s = CapturedText.scutil(text, name);
                    these = List.of(s);
                    winHttp = s.toWinHttpSettings();
                } else if (head.startsWith("<?xml")
                        || head.startsWith("<plist")
                        || head.startsWith("<!DOCTYPE plist")) {
                    these = PlistXml.vendorProxies(PlistXml.parse(bytes, name), name);
                    for (ProxySource s : these) {
                        if (s.proxy() != null) {
                            policy = policy.withTelemetryProxyServer(
                                    dev.uplink.core.net.HostPort.parse(s.proxy(), "cloudService.proxy"));
                        }
                    }
                } else if (bytes.length > 0 && (bytes[0] & 0xFF) == 0x30) {
                    throw new InvalidInputException(name + " looks like a signed (CMS) profile: export the profile "
                            + "unsigned, or " + EXPECTED);
                } else {
                    throw new InvalidInputException(name + " is not a recognised export (it starts with '"
                            + abbreviate(head) + "'): " + EXPECTED);
                }
            }
            if (these.isEmpty()) {
                findings.add(new Finding(name, "holds no proxy setting uplink reads"));
            }
            sources.addAll(these);
        }
        return new ExportedSettings(SourcesReport.of(sources, findings), policy, winHttp);
    }

    private static MachinePolicy merge(MachinePolicy current, MachinePolicy next) {
        MachinePolicy p = current;
        if (next.telemetryProxyServer() != null) {
            p = p.withTelemetryProxyServer(next.telemetryProxyServer());
        }
        if (next.disableEnterpriseAuthProxy() != null) {
            p = p.withDisableEnterpriseAuthProxy(next.disableEnterpriseAuthProxy());
        }
        return p;
    }

    /** Text by BOM, else UTF-16LE when the second byte is NUL (regedit's default), else UTF-8. */
    static String decode(byte[] b) {
        if (startsWith(b, 0xFF, 0xFE)) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
            return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && b[0] != 0 && b[1] == 0) {
            return new String(b, StandardCharsets.UTF_16LE);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        return Arrays.stream(text.split("\r\n|\n|\r", 64))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("");
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 37) + "...";
    }
}
