package dev.uplink.core.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file-format reader on real-format files: what it decides, and what it notes. */
class SourceParsersTest {

    static final Function<String, ProxySource> NM = t -> DesktopProxy.networkManager(KeyFile.parse(t), "nm");
    static final Function<String, ProxySource> GNOME = t -> DesktopProxy.gnome(KeyFile.parse(t), "dconf");
    static final Function<String, ProxySource> KDE = t -> DesktopProxy.kde(KeyFile.parse(t), "kioslaverc");
    static final Function<String, ProxySource> APT = t -> AptProxy.parse(AptProxy.assignments(t), "apt");
    static final Function<String, ProxySource> VENDOR =
            t -> VendorConfig.parseJson(t, SourceKind.VENDOR_MANAGED, "mdatp_managed.json");

    /** Expected: {@code proxy|bypass|pac|wpad} with {@code -} for null; then the notes joined by " / ". */
    static Stream<Arguments> files() {
        return Stream.of(
                arguments(
                        "NetworkManager PAC URL",
                        NM,
                        """
                        [connection]
                        id=Office
                        type=ethernet
                        [proxy]
                        method=1
                        pac-url=http://wpad.corp.example/proxy.pac
                        """,
                        "-|-|http://wpad.corp.example/proxy.pac|-",
                        "connection 'Office'"),
                arguments("NetworkManager auto without a URL is WPAD", NM, "[proxy]\nmethod=1\n", "-|-|-|true", ""),
                arguments(
                        "NetworkManager inline script",
                        NM,
                        "[proxy]\nmethod=1\npac-script=function FindProxyForURL(u,h){return \"DIRECT\";}\n",
                        "-|-|-|-",
                        "the PAC script is inline in the profile: uplink does not run it from there"),
                arguments("NetworkManager none", NM, "[proxy]\nmethod=0\n", "-|-|-|-", ""),
                arguments(
                        "GNOME manual",
                        GNOME,
                        """
                        [org/gnome/system/proxy]
                        mode='manual'
                        ignore-hosts=['localhost', '127.0.0.0/8', '*.corp.example']

                        [org/gnome/system/proxy/http]
                        host='proxy.corp.example'
                        port=3128

                        [org/gnome/system/proxy/https]
                        host='proxy.corp.example'
                        port=uint32 3128
                        """,
                        "proxy.corp.example:3128|localhost;127.0.0.0/8;*.corp.example|-|-",
                        ""),
                arguments(
                        "GNOME manual, different https proxy and no port",
                        GNOME,
                        """
                        [org/gnome/system/proxy]
                        mode='manual'
                        [org/gnome/system/proxy/http]
                        host='a.example'
                        port=3128
                        [org/gnome/system/proxy/https]
                        host='b.example'
                        """,
                        "http=a.example:3128;https=b.example:8080|-|-|-",
                        "https port not set: GNOME uses 8080"),
                arguments(
                        "GNOME auto with URL",
                        GNOME,
                        "[org/gnome/system/proxy]\nmode='auto'\nautoconfig-url='http://pac.example/p.pac'\n",
                        "-|-|http://pac.example/p.pac|-",
                        ""),
                arguments(
                        "GNOME auto without URL is WPAD",
                        GNOME,
                        "[org/gnome/system/proxy]\nmode='auto'\n",
                        "-|-|-|true",
                        ""),
                arguments("GNOME none", GNOME, "[org/gnome/system/proxy]\nmode='none'\n", "-|-|-|-", ""),
                arguments(
                        "KDE manual with space-separated port",
                        KDE,
                        """
                        [Proxy Settings]
                        NoProxyFor=localhost,.corp.example
                        ProxyType=1
                        httpProxy=http://proxy.corp.example 8080
                        httpsProxy=http://proxy.corp.example:8080
                        """,
                        "proxy.corp.example:8080|localhost;.corp.example|-|-",
                        ""),
                arguments(
                        "KDE PAC",
                        KDE,
                        "[Proxy Settings]\nProxyType=2\nProxy Config Script=http://pac.example/p.pac\n",
                        "-|-|http://pac.example/p.pac|-",
                        ""),
                arguments("KDE WPAD", KDE, "[Proxy Settings]\nProxyType=3\n", "-|-|-|true", ""),
                arguments(
                        "KDE environment",
                        KDE,
                        "[Proxy Settings]\nProxyType=4\nhttpProxy=http_proxy\n",
                        "-|-|-|-",
                        "ProxyType=4 takes the proxy from the user's environment variables: see the environment sources"),
                arguments(
                        "apt flat",
                        APT,
                        "Acquire::http::Proxy \"http://apt-proxy:3142/\";\n// Acquire::https::Proxy \"x\";\n",
                        "http=apt-proxy:3142|-|-|-",
                        ""),
                arguments(
                        "apt nested with per-host DIRECT",
                        APT,
                        """
                        Acquire {
                          http { Proxy "http://apt-proxy:3142"; Proxy::deb.debian.org "DIRECT"; };
                          https::Proxy "http://apt-proxy:3142";
                        };
                        """,
                        "apt-proxy:3142|-|-|-",
                        "per-host setting acquire::http::proxy::deb.debian.org is not read"),
                arguments("apt DIRECT", APT, "Acquire::http::Proxy \"DIRECT\";\n", "-|-|-|-", ""),
                arguments(
                        "apt with credentials",
                        APT,
                        "Acquire::http::Proxy \"http://u:s3cret@apt-proxy:3142/\";\n",
                        "http=apt-proxy:3142|-|-|-",
                        ""),
                arguments(
                        "vendor managed",
                        VENDOR,
                        "{\"cloudService\":{\"proxy\":\"http://edr-proxy.example:8080/\"}}",
                        "edr-proxy.example:8080|-|-|-",
                        ""),
                arguments(
                        "vendor managed, unusable scheme",
                        VENDOR,
                        "{\"cloudService\":{\"proxy\":\"socks5://p:1080\"}}",
                        "-|-|-|-",
                        "not usable: cloudService.proxy uses scheme 'socks5://': uplink only uses HTTP proxies here"),
                arguments(
                        "vendor managed, proxy not a string",
                        VENDOR,
                        "{\"cloudService\":{\"proxy\":8080}}",
                        "-|-|-|-",
                        "not usable: cloudService.proxy is not a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reads(String name, Function<String, ProxySource> reader, String text, String expected, String notes) {
        ProxySource s = reader.apply(text);
        assertEquals(expected, render(s));
        assertEquals(notes, String.join(" / ", s.notes()));
        assertFalse(s.setting().contains("s3cret"), s.setting());
    }

    @Test
    void filesWithoutProxySettingsGiveNoSource() {
        assertNull(NM.apply("[connection]\nid=x\n[ipv4]\nmethod=auto\n"));
        assertNull(GNOME.apply("[org/gnome/desktop/background]\npicture-uri='x'\n"));
        assertNull(KDE.apply("[General]\nx=1\n"));
        assertNull(APT.apply("APT::Get::Assume-Yes \"true\";\n"));
        assertNull(VENDOR.apply("{\"antivirusEngine\":{}}"));
    }

    @Test
    void damagedVendorJsonIsAnError() {
        var e = assertThrows(InvalidInputException.class, () -> VENDOR.apply("{\"cloudService\": {"));
        assertEquals(
                "mdatp_managed.json is not valid JSON: expected the agent's settings, e.g. "
                        + "{\"cloudService\": {\"proxy\": \"http://proxy.example.com:8080/\"}}",
                e.getMessage());
    }

    static String render(ProxySource s) {
        return dash(s.proxy()) + "|" + dash(s.bypass()) + "|" + dash(s.pacUrl()) + "|"
                + (s.autoDetect() == null ? "-" : s.autoDetect().toString());
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
