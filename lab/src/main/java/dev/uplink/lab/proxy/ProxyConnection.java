package dev.uplink.lab.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Serves one client connection of the demo proxy, in Squid's order of decisions: parse, check the
 * allowlist (403), resolve through the rules only (503 ERR_DNS_FAIL), insist on a loopback target
 * (403), connect (503 ERR_CONNECT_FAIL), then tunnel or forward.
 */
final class ProxyConnection implements Runnable {

    private final DemoProxy.Settings settings;
    private final Socket client;
    private final ProxySession session;

    ProxyConnection(DemoProxy.Settings settings, Socket client, ProxySession session) {
        this.settings = settings;
        this.client = client;
        this.session = session;
    }

    @Override
    public void run() {
        String described = null;
        try (client) {
            client.setSoTimeout((int) settings.headTimeout().toMillis());
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            try {
                RequestHead head = RequestHead.read(in);
                described = head.requestLine();
                ProxyRequest request = ProxyRequest.parse(head);
                described = request.describe();
                serve(request, in, out);
            } catch (ProxyRefusal r) {
                refuse(out, described, r);
            }
        } catch (IOException e) {
            // The client went away (an idle keep-alive close too), timed out, or stop() closed the
            // socket: nothing to answer.
        } finally {
            session.release(client);
        }
    }

    private void serve(ProxyRequest request, InputStream in, OutputStream out) throws IOException, ProxyRefusal {
        String host = request.destination().host();
        int port = request.destination().port();
        if (!settings.allowlist().allows(host)) {
            throw new ProxyRefusal(ProxyError.ACCESS_DENIED, host + " is not on the allowlist");
        }
        InetSocketAddress target = settings.rules()
                .resolve(host, port)
                .orElseThrow(() -> new ProxyRefusal(ProxyError.DNS_FAIL, "no address for " + host + ":" + port));
        if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
            // The demo must never send traffic off the machine, whatever a request names.
            throw new ProxyRefusal(ProxyError.ACCESS_DENIED, host + " does not resolve to a loopback address");
        }
        Socket upstream = new Socket();
        session.track(upstream);
        try {
            try {
                upstream.connect(target, (int) settings.connectTimeout().toMillis());
            } catch (IOException e) {
                throw new ProxyRefusal(
                        ProxyError.CONNECT_FAIL, "connect to " + request.destination() + " failed: " + e.getMessage());
            }
            upstream.setSoTimeout((int) settings.idleTimeout().toMillis());
            if (request.isConnect()) {
                // Count before answering: a client that has its answer must see the counters updated.
                session.stats().tunnels.incrementAndGet();
                settings.listener().accept(new ProxyEvent(request.describe(), 200, null));
                ProxyReply.established(out);
                if (settings.inspection() != null && settings.inspection().inspects(host)) {
                    new InspectingTunnel(
                                    client, in, upstream, host, port, settings.inspection(), settings.idleTimeout())
                            .run(session.pool());
                } else {
                    new Tunnel(client, in, upstream, settings.idleTimeout()).run(session.pool());
                }
            } else {
                HttpForwarder.forward(request, in, out, upstream, status -> {
                    session.stats().forwarded.incrementAndGet();
                    settings.listener().accept(new ProxyEvent(request.describe(), status, null));
                });
            }
        } finally {
            session.untrack(upstream);
            Tunnel.closeQuietly(upstream);
        }
    }

    private void refuse(OutputStream out, String described, ProxyRefusal refusal) throws IOException {
        session.stats().refused(refusal.error());
        settings.listener()
                .accept(new ProxyEvent(
                        described == null ? "(no request line)" : described,
                        refusal.error().status(),
                        refusal.error().squidError()));
        ProxyReply.error(out, refusal.error(), refusal.getMessage());
    }
}
