package dev.uplink.cli.winhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.cli.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * netsh's output, byte for byte (docs/behaviour.md#netsh-commands), as Windows prints it but with
 * this system's line ends: a blank line, the title, a blank line, the settings. Each row runs its
 * commands in a fresh configuration directory; the expected text is the last command's output,
 * with {@code \n} written as {@code ⏎}.
 */
class NetshOutputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
            show proxy  => ⏎Current WinHTTP proxy settings:⏎⏎    Direct access (no proxy server).⏎
            set proxy 10.0.0.6:8080 => ⏎Current WinHTTP proxy settings:⏎⏎    Proxy Server(s) :  10.0.0.6:8080⏎    Bypass List     :  (none)⏎
            set proxy myproxy => ⏎Current WinHTTP proxy settings:⏎⏎    Proxy Server(s) :  myproxy⏎    Bypass List     :  (none)⏎
            set proxy proxy-server=http=h.example:8080;https=s.example;ftp=f.example:21 bypass-list=<local> => ⏎Current WinHTTP proxy settings:⏎⏎    Proxy Server(s) :  http=h.example:8080;https=s.example;ftp=f.example:21⏎    Bypass List     :  <local>⏎
            set proxy myproxy | reset proxy => ⏎Current WinHTTP proxy settings:⏎⏎    Direct access (no proxy server).⏎
            set proxy myproxy | show proxy => ⏎Current WinHTTP proxy settings:⏎⏎    Proxy Server(s) :  myproxy⏎    Bypass List     :  (none)⏎
            show advproxy => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎}⏎
            set advproxy setting-scope=machine settings={"Proxy":""} => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎}⏎
            set advproxy setting-scope=machine settings={"Proxy":"myproxy","AutoDetect":true} => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎  "ProxyIsEnabled": true,⏎  "Proxy": "myproxy",⏎  "AutoConfigIsEnabled": false,⏎  "AutoDetect": true⏎}⏎
            set proxy p.example:3128 *.corp;<local> | show advproxy => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎  "ProxyIsEnabled": true,⏎  "Proxy": "p.example:3128",⏎  "ProxyBypass": "*.corp;<local>",⏎  "AutoConfigIsEnabled": false,⏎  "AutoDetect": false⏎}⏎
            set advproxy setting-scope=machine settings={"AutoconfigUrl":"http://pac.example/p.pac"} => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎  "ProxyIsEnabled": false,⏎  "AutoConfigIsEnabled": true,⏎  "AutoconfigUrl": "http://pac.example/p.pac",⏎  "AutoDetect": false⏎}⏎
            set advproxy setting-scope=machine settings={"AutoDetect":true} | reset advproxy => ⏎Current WinHTTP advanced proxy settings:⏎⏎{⏎}⏎
            """)
    void printsWhatNetshPrints(String commands, String expected) {
        InProcess.Result last = null;
        for (String command : commands.split(" \\| ")) {
            List<String> args = new ArrayList<>(List.of("winhttp"));
            args.addAll(List.of(command.trim().split(" ")));
            args.addAll(List.of("--config-dir", dir.toString()));
            last = InProcess.run(args.toArray(String[]::new));
            assertEquals(0, last.exit(), last.toString());
        }
        assertEquals(expected.replace('⏎', '\n'), last.out(), last.toString());
    }

    /** What show advproxy printed is a settings file set advproxy accepts, and gives the same settings. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
            set proxy proxy-server=http=h.example:8080;ftp=f.example bypass-list=<local>;*.corp => 1
            set advproxy setting-scope=machine settings={"AutoconfigUrl":"https://pac.example/p.pac","AutoDetect":true} => 2
            reset advproxy => 3
            """)
    void showAdvproxyOutputIsASettingsFile(String command, String name) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf" + name));
        List<String> args = new ArrayList<>(List.of("winhttp"));
        args.addAll(List.of(command.split(" ")));
        args.addAll(List.of("--config-dir", conf.toString()));
        assertEquals(0, InProcess.run(args.toArray(String[]::new)).exit());
        String shown = InProcess.run("winhttp", "show", "advproxy", "--config-dir", conf.toString())
                .out();
        Path saved = Files.writeString(dir.resolve("advproxy" + name + ".txt"), shown);
        Path other = Files.createDirectories(dir.resolve("other" + name));
        var set = InProcess.run(
                "winhttp",
                "set",
                "advproxy",
                "setting-scope=machine",
                "settings-file=" + saved,
                "--config-dir",
                other.toString());
        assertEquals(0, set.exit(), set.toString());
        assertEquals(shown, set.out());
        assertEquals(
                InProcess.run("winhttp", "show", "proxy", "--config-dir", conf.toString())
                        .out(),
                InProcess.run("winhttp", "show", "proxy", "--config-dir", other.toString())
                        .out());
    }

    /** A server without a port is on port 80; ftp= is kept but never serves the sensor's https. */
    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource(delimiterString = "=>", textBlock = """
            myproxy                                  => https://x.example/ => PROXY myproxy:80
            http=h.example;https=s.example           => https://x.example/ => PROXY s.example:80
            http=h.example;https=s.example           => http://x.example/  => PROXY h.example:80
            http=h.example:8080;ftp=f.example:21     => https://x.example/ => DIRECT
            ftp=f.example:21;socks=k.example         => https://x.example/ => SOCKS4 k.example:1080
            """)
    void serverWithoutPortAndFtpEntries(String server, String url, String routes) {
        assertEquals(
                0,
                InProcess.run("winhttp", "set", "proxy", server, "--config-dir", dir.toString())
                        .exit());
        var r = InProcess.run("resolve", url, "--config-dir", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(routes + "\n", r.out(), r.toString());
    }

    @Test
    void unknownSchemeIsStillRefused() {
        var r = InProcess.run(
                "winhttp", "set", "proxy", "proxy-server=gopher=g.example:70", "--config-dir", dir.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                "uplink: proxy-server scheme 'gopher' is not http, https, ftp or socks: expected host[:port] or"
                        + " http=host[:port];https=host[:port];ftp=host[:port];socks=host[:port]\n",
                r.err());
    }
}
