package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.net.Deadline;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Resolves a name (request overrides first, then the injected resolver; IP literals never touch
 * DNS) and opens TCP, classifying DNS and connect failures as the target's or the proxy's.
 */
final class Dialer {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final HostResolver resolver;

    Dialer(HostResolver resolver) {
        this.resolver = resolver;
    }

    Socket dial(String host, int port, Request req, Deadline deadline, boolean proxy) throws ConnectFailure {
        List<InetAddress> addresses = resolve(host, port, req, proxy);
        String who = proxy ? "proxy " + display(host, port) : display(host, port);
        boolean timedOut = false;
        String lastError = "";
        for (InetAddress address : addresses) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address, port), deadline.socketBudget(req.connectTimeout()));
                return s;
            } catch (SocketTimeoutException e) {
                timedOut = true;
                lastError = "TCP connection to " + who + " (" + address.getHostAddress() + ") timed out after "
                        + deadline.elapsedMillis() + " ms";
            } catch (NoRouteToHostException e) {
                timedOut = true;
                lastError = "no route to " + who + " (" + address.getHostAddress() + ")";
            } catch (ConnectException e) {
                lastError = "TCP connection to " + who + " (" + address.getHostAddress() + ") refused";
            } catch (IOException e) {
                lastError =
                        "TCP connection to " + who + " (" + address.getHostAddress() + ") failed: " + e.getMessage();
            }
            closeQuietly(s);
        }
        Diagnosis d =
                proxy ? Diagnosis.PROXY_UNREACHABLE : timedOut ? Diagnosis.CONNECT_TIMEOUT : Diagnosis.CONNECT_REFUSED;
        throw new ConnectFailure(d, lastError);
    }

    List<InetAddress> resolve(String host, int port, Request req, boolean proxy) throws ConnectFailure {
        String key = CaseMapping.lower(host);
        InetAddress override = req.resolveOverrides().get(key + ":" + port);
        if (override == null) {
            override = req.resolveOverrides().get(key);
        }
        if (override != null) {
            return List.of(override);
        }
        try {
            if (IPV4.matcher(host).matches() || HostPort.isIpv6(host)) {
                return List.of(InetAddress.getByName(host)); // a literal: parsed, no lookup
            }
            List<InetAddress> found = resolver.resolve(host);
            if (found == null || found.isEmpty()) {
                throw new UnknownHostException(host + ": no addresses");
            }
            return found;
        } catch (UnknownHostException | RuntimeException e) {
            Diagnosis d = proxy ? Diagnosis.PROXY_DNS_FAILURE : Diagnosis.DNS_FAILURE;
            throw new ConnectFailure(d, "cannot resolve " + (proxy ? "proxy host " : "host ") + host, null, e);
        }
    }

    static String display(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do: the attempt is over
            }
        }
    }
}
