package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.lab.origin.DemoOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo proxy against the demo origin and raw peers, all on loopback. */
class DemoProxyTest {

    private static TestTls tls;
    private static DemoOrigin origin;
    private static DrainServer drain;
    private static int closedPort;

    private final List<ProxyEvent> events = new CopyOnWriteArrayList<>();
    private DemoProxy proxy;
    private InetSocketAddress proxyAddress;

    @BeforeAll
    static void startPeers() throws Exception {
        // A wildcard covers one label only: deeper names need their own entries, as in the real demo.
        tls = TestTls.forNames(
                "*.microsoft.com",
                "us-v20.events.data.microsoft.com",
                "*.cp.wd.microsoft.com",
                "*.blob.core.windows.net");
        origin = new DemoOrigin(tls.server());
        origin.start();
        drain = new DrainServer();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free again once closed: connecting there is refused
        }
    }

    @AfterAll
    static void stopPeers() throws Exception {
        origin.stop();
        drain.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = proxyBuilder().build();
        proxyAddress = proxy.start();
    }

    @AfterEach
    void stopProxy() {
        proxy.stop();
    }

    private DemoProxy.Builder proxyBuilder() {
        return DemoProxy.builder()
                .allowlist(DestinationAllowlist.of(
                        ".microsoft.com", ".unmapped.test", "drain.test", "closed.test", "192.0.2.1"))
                .resolverRules(HostResolverRules.builder()
                        .mapToLoopback(".microsoft.com", 443, origin.httpsPort())
                        .mapToLoopback(".microsoft.com", 80, origin.httpPort())
                        .map("drain.test", 9, drain.address())
                        .mapToLoopback("closed.test", 443, closedPort)
                        .build())
                .listener(events::add);
    }

    private HttpClient client() {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxyAddress))
                .sslContext(tls.client())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client().send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @CsvSource({
        "https://winatp-gw-cus.microsoft.com/test, OK",
        "https://us-v20.events.data.microsoft.com/ping, OK",
        "https://x.cp.wd.microsoft.com/api/report, OK",
        "https://login.microsoft.com/, uplink demo service",
    })
    void allowedHttpsUrlReachesTheOriginThroughConnect(String url, String body) throws Exception {
        HttpResponse<String> response = get(url);
        assertEquals(200, response.statusCode());
        assertEquals(body, response.body().trim());
        assertEquals(
                "uplink-demo-origin", response.headers().firstValue("Server").orElse(""));
        assertEquals(1, proxy.counters().tunnels());
        String host = URI.create(url).getHost();
        assertEquals(new ProxyEvent("CONNECT " + host + ":443", 200, null), events.get(0));
    }

    @Test
    void deniedHostGets403WithSquidErrorName() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                proxyAddress, "CONNECT evil.example.org:443 HTTP/1.1\r\nHost: evil.example.org:443\r\n\r\n");
        assertEquals(403, r.status());
        assertEquals("ERR_ACCESS_DENIED 0", r.header("X-Squid-Error"));
        assertEquals("uplink-demo-proxy", r.header("Server"));
        assertEquals("1.1 uplink-demo-proxy", r.header("Via"));
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertTrue(r.body().contains("ERR_ACCESS_DENIED") && r.body().contains("evil.example.org"), r.body());
        assertEquals(1, proxy.counters().denied());
        assertEquals(0, proxy.counters().tunnels());
        assertEquals(new ProxyEvent("CONNECT evil.example.org:443", 403, "ERR_ACCESS_DENIED 0"), events.get(0));
    }

    @Test
    void deniedHostOverPlainHttpGets403ThroughAJdkClient() throws Exception {
        HttpResponse<String> response = get("http://evil.example.org/");
        assertEquals(403, response.statusCode());
        assertEquals(
                "ERR_ACCESS_DENIED 0",
                response.headers().firstValue("X-Squid-Error").orElse(""));
    }

    @Test
    void subdomainOfAnAllowedNameIsNotAllowedByAnExactEntry() throws Exception {
        RawHttp.Response r = RawHttp.exchange(proxyAddress, "CONNECT www.drain.test:9 HTTP/1.1\r\n\r\n");
        assertEquals(403, r.status());
    }

    @Test
    void httpUrlIsForwardedInAbsoluteForm() throws Exception {
        HttpResponse<String> response = get("http://crl.microsoft.com/");
        assertEquals(200, response.statusCode());
        assertEquals("uplink demo service", response.body().trim());
        assertEquals(
                "uplink-demo-origin", response.headers().firstValue("Server").orElse(""));
        assertEquals(
                "1.1 uplink-demo-proxy", response.headers().firstValue("Via").orElse(""));
        assertEquals(1, proxy.counters().forwarded());
        assertEquals(new ProxyEvent("GET http://crl.microsoft.com/", 200, null), events.get(0));
    }

    @Test
    void postBodiesAreForwardedWithTheirFraming() throws Exception {
        HttpResponse<String> fixed = client().send(
                        HttpRequest.newBuilder(URI.create("http://x.cp.wd.microsoft.com/api/report"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fixed.statusCode());
        assertEquals("OK", fixed.body());

        RawHttp.Response chunked = RawHttp.exchange(proxyAddress, """
                POST http://x.cp.wd.microsoft.com/api/report HTTP/1.1\r
                Host: x.cp.wd.microsoft.com\r
                Transfer-Encoding: chunked\r
                \r
                5;ext=1\r
                hello\r
                6\r
                 world\r
                0\r
                \r
                """);
        assertEquals(200, chunked.status());
        assertEquals("OK", chunked.body());
    }

    @Test
    void expectContinueIsAnsweredByTheProxy() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(proxyAddress, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write(("POST http://x.cp.wd.microsoft.com/api/report HTTP/1.1\r\nHost: x.cp.wd.microsoft.com\r\n"
                                    + "Content-Length: 4\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(100, RawHttp.readHead(in).status());
            s.getOutputStream().write("data".getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.parse(in.readAllBytes());
            assertEquals(200, r.status());
            assertEquals("OK", r.body());
        }
    }

    @Test
    void garbageFromTheOriginGets502() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = garbage.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write("SSH-2.0-not-http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // The test fails on the proxy's answer instead.
                }
            });
            peer.start();
            proxy.stop();
            proxy = DemoProxy.builder()
                    .resolverRules(HostResolverRules.builder()
                            .mapToLoopback("garbage.test", 80, garbage.getLocalPort())
                            .build())
                    .build();
            proxyAddress = proxy.start();
            RawHttp.Response r =
                    RawHttp.exchange(proxyAddress, "GET http://garbage.test/ HTTP/1.1\r\nHost: garbage.test\r\n\r\n");
            assertEquals(502, r.status());
            assertEquals("ERR_INVALID_RESP 0", r.header("X-Squid-Error"));
            peer.join(2000);
        }
    }

    @Test
    void unmappedHostGetsDnsFailAndNoRealLookup() throws Exception {
        RawHttp.Response tunnel = RawHttp.exchange(proxyAddress, "CONNECT www.unmapped.test:443 HTTP/1.1\r\n\r\n");
        assertEquals(503, tunnel.status());
        assertEquals("ERR_DNS_FAIL 0", tunnel.header("X-Squid-Error"));
        RawHttp.Response get = RawHttp.exchange(
                proxyAddress, "GET http://www.unmapped.test/ HTTP/1.1\r\nHost: www.unmapped.test\r\n\r\n");
        assertEquals(503, get.status());
        assertEquals("ERR_DNS_FAIL 0", get.header("X-Squid-Error"));
        // A catalog name on a port without a rule is unmapped too, even though :443 is mapped.
        RawHttp.Response otherPort = RawHttp.exchange(proxyAddress, "CONNECT crl.microsoft.com:8443 HTTP/1.1\r\n\r\n");
        assertEquals("ERR_DNS_FAIL 0", otherPort.header("X-Squid-Error"));
        assertEquals(3, proxy.counters().dnsFailures());
    }

    @Test
    void nonLoopbackDestinationIsRefusedWithoutConnecting() throws Exception {
        RawHttp.Response r = RawHttp.exchange(proxyAddress, "CONNECT 192.0.2.1:443 HTTP/1.1\r\n\r\n");
        assertEquals(403, r.status());
        assertEquals("ERR_ACCESS_DENIED 0", r.header("X-Squid-Error"));
        assertTrue(r.body().contains("loopback"), r.body());
        assertEquals(0, proxy.counters().connectFailures());
    }

    @Test
    void nonLoopbackMappingIsRefusedWhenTheRulesAreBuilt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HostResolverRules.builder()
                        .map(
                                "*",
                                443,
                                new InetSocketAddress(
                                        InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 443)));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void mappedTargetThatRefusesGetsConnectFail() throws Exception {
        RawHttp.Response r = RawHttp.exchange(proxyAddress, "CONNECT closed.test:443 HTTP/1.1\r\n\r\n");
        assertEquals(503, r.status());
        assertEquals("ERR_CONNECT_FAIL 111", r.header("X-Squid-Error"));
        assertEquals(1, proxy.counters().connectFailures());
    }

    @Test
    void tunnelPassesHalfCloseAndPipelinedBytes() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(proxyAddress, 2000);
            s.setSoTimeout(5000);
            // The payload follows the CONNECT head in the same write, as eager TLS clients do.
            s.getOutputStream()
                    .write("CONNECT drain.test:9 HTTP/1.1\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(200, RawHttp.readHead(in).status());
            s.getOutputStream().write(new byte[5000]);
            s.shutdownOutput();
            assertEquals("received 5010", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void idleTunnelIsClosed() throws Exception {
        proxy.stop();
        proxy = proxyBuilder().idleTimeout(Duration.ofMillis(300)).build();
        proxyAddress = proxy.start();
        try (Socket s = new Socket()) {
            s.connect(proxyAddress, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("CONNECT drain.test:9 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(200, RawHttp.readHead(in).status());
            long start = System.nanoTime();
            assertEquals(-1, in.read());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis >= 250 && millis < 3000, "closed after " + millis + " ms");
        }
    }

    @Test
    void afterStopConnectionsAreRefusedAndTunnelsEnd() throws Exception {
        try (Socket tunnel = new Socket()) {
            tunnel.connect(proxyAddress, 2000);
            tunnel.setSoTimeout(5000);
            tunnel.getOutputStream().write("CONNECT drain.test:9 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawHttp.readHead(tunnel.getInputStream()).status());

            assertTimeoutPreemptively(Duration.ofSeconds(3), proxy::stop);

            assertEquals(-1, readOrEof(tunnel.getInputStream()));
        }
        String prefix = "demo-proxy-" + proxyAddress.getPort();
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()),
                "proxy threads left after stop()");
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(proxyAddress, 2000);
            }
        });
        IOException e = assertThrows(IOException.class, () -> get("https://winatp-gw-cus.microsoft.com/test"));
        assertInstanceOf(ConnectException.class, e, e.toString());
    }

    @Test
    void restartListensOnTheSamePortAgain() throws Exception {
        assertEquals(200, get("https://winatp-gw-cus.microsoft.com/test").statusCode());
        int port = proxy.port();
        proxy.stop();
        assertThrows(ConnectException.class, () -> get("http://crl.microsoft.com/"));
        InetSocketAddress again = proxy.restart();
        assertEquals(port, again.getPort());
        assertEquals(200, get("https://winatp-gw-cus.microsoft.com/test").statusCode());
        assertEquals(2, proxy.counters().tunnels());
        assertThrows(IllegalStateException.class, proxy::start);
    }

    @Test
    void concurrentClientsAreAllServed() throws Exception {
        HttpClient client = client();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String url =
                    i % 2 == 0 ? "https://winatp-gw-cus.microsoft.com/test?n=" + i : "http://crl.microsoft.com/?n=" + i;
            futures.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var f : futures) {
            assertEquals(200, f.get(15, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }
        assertEquals(12, proxy.counters().forwarded());
        assertTrue(
                proxy.counters().tunnels() >= 1 && proxy.counters().tunnels() <= 12,
                proxy.counters().toString());
    }

    @Test
    void demoCatchAllRulesSendEveryNameToTheOrigin() throws Exception {
        proxy.stop();
        proxy = DemoProxy.builder()
                .allowlist(DestinationAllowlist.of(".microsoft.com", ".blob.core.windows.net"))
                .resolverRules(HostResolverRules.builder().mapAllTo(origin).build())
                .build();
        proxyAddress = proxy.start();
        assertEquals(200, get("https://abc.blob.core.windows.net/x").statusCode());
        assertEquals(200, get("http://www.microsoft.com/pkiops/").statusCode());
        assertEquals(403, get("http://ctldl.windowsupdate.com/").statusCode());
        assertEquals(new ProxyCounters(3, 1, 1, 1, 0, 0, 0), proxy.counters());
    }

    @Test
    void connectionsOverTheCapAreTurnedAway() throws Exception {
        proxy.stop();
        proxy = proxyBuilder().maxConnections(1).build();
        proxyAddress = proxy.start();
        try (Socket holder = new Socket()) {
            holder.connect(proxyAddress, 2000);
            holder.setSoTimeout(5000);
            holder.getOutputStream().write("CONNECT drain.test:9 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawHttp.readHead(holder.getInputStream()).status());
            RawHttp.Response busy = RawHttp.exchange(proxyAddress, "CONNECT drain.test:9 HTTP/1.1\r\n\r\n");
            assertEquals(503, busy.status());
            assertEquals(null, busy.header("X-Squid-Error"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET /relative HTTP/1.1                       | 400 | ERR_INVALID_URL 0",
                "GET https://crl.microsoft.com/ HTTP/1.1      | 400 | ERR_INVALID_URL 0",
                "GET ftp://crl.microsoft.com/ HTTP/1.1        | 400 | ERR_INVALID_URL 0",
                "GET http://user@crl.microsoft.com/ HTTP/1.1  | 400 | ERR_INVALID_URL 0",
                "CONNECT crl.microsoft.com HTTP/1.1           | 400 | ERR_INVALID_URL 0",
                "CONNECT crl.microsoft.com:99999 HTTP/1.1     | 400 | ERR_INVALID_URL 0",
                "CONNECT bad_name!:443 HTTP/1.1               | 400 | ERR_INVALID_URL 0",
                "CONNECT crl.microsoft.com:443 HTTP/2.0       | 400 | ERR_INVALID_REQ 0",
                "CONNECT  crl.microsoft.com:443 HTTP/1.1      | 400 | ERR_INVALID_REQ 0",
                "HELLO                                        | 400 | ERR_INVALID_REQ 0",
            })
    void malformedRequestLinesAreRefused(String requestLine, int status, String squidError) throws Exception {
        RawHttp.Response r = RawHttp.exchange(proxyAddress, requestLine + "\r\nHost: x\r\n\r\n");
        assertEquals(status, r.status());
        assertEquals(squidError, r.header("X-Squid-Error"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "folded header      | X-A: 1\\r\\n  folded\\r\\n",
                "space before colon | X-A : 1\\r\\n",
                "no colon           | garbage\\r\\n",
                "CL and TE          | Content-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n",
                "two CLs            | Content-Length: 3\\r\\nContent-Length: 4\\r\\n",
                "bad CL             | Content-Length: -3\\r\\n",
                "gzip TE            | Transfer-Encoding: gzip\\r\\n",
            })
    void malformedHeadersAreRefused(String name, String fields) throws Exception {
        String request = "POST http://crl.microsoft.com/ HTTP/1.1\r\nHost: crl.microsoft.com\r\n"
                + fields.replace("\\r\\n", "\r\n") + "\r\nabc";
        RawHttp.Response r = RawHttp.exchange(proxyAddress, request);
        assertEquals(400, r.status());
        assertEquals("ERR_INVALID_REQ 0", r.header("X-Squid-Error"));
    }

    @Test
    void oversizedHeadIsRefused() throws Exception {
        String request = "GET http://crl.microsoft.com/ HTTP/1.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n";
        RawHttp.Response r;
        try (Socket s = new Socket()) {
            s.connect(proxyAddress, 2000);
            s.setSoTimeout(5000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException resetWhileWriting) {
                // The proxy may answer and close before reading everything; its answer is still readable.
            }
            r = RawHttp.parse(s.getInputStream().readAllBytes());
        }
        assertEquals(400, r.status());
        assertEquals("ERR_INVALID_REQ 0", r.header("X-Squid-Error"));
    }

    private static int readOrEof(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1; // a reset ends the tunnel as well as a FIN does
        }
    }

    @Test
    void stopRightAfterStartLeavesNoFailingAcceptorThread() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            DemoProxy quick = proxyBuilder().build();
            for (int i = 0; i < 50; i++) {
                quick.start();
                quick.stop();
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertTrue(uncaught.isEmpty(), uncaught.toString());
    }
}
