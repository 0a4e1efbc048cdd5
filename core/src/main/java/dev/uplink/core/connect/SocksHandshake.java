package dev.uplink.core.connect;

import dev.uplink.core.net.Deadline;
import dev.uplink.core.route.Route;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Minimal SOCKS clients, no authentication. SOCKS5 sends the host name (the proxy resolves it,
 * like browsers do); SOCKS4 carries only IPv4, so the caller resolves the name first.
 */
final class SocksHandshake {

    private SocksHandshake() {}

    static void socks5(Socket s, Request req, Route route, Deadline dl) throws ConnectFailure {
        String host = req.host();
        try {
            dl.applyRead(s, req.readTimeout());
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(new byte[] {5, 1, 0});
            out.flush();
            int ver = in.readUnsignedByte();
            int method = in.readUnsignedByte();
            if (ver != 5) {
                throw protocol(route, "answered the SOCKS5 greeting with version " + ver);
            }
            if (method != 0) {
                throw new ConnectFailure(
                        Diagnosis.PROXY_AUTH_REQUIRED,
                        "SOCKS5 proxy " + route.proxy() + " requires authentication (no acceptable method, got 0x"
                                + Integer.toHexString(method) + ")");
            }
            out.write(connectRequest(host, req.port()));
            out.flush();
            int rver = in.readUnsignedByte();
            int rep = in.readUnsignedByte();
            in.readUnsignedByte();
            int atyp = in.readUnsignedByte();
            int skip = switch (atyp) {
                case 1 -> 4;
                case 4 -> 16;
                case 3 -> in.readUnsignedByte();
                default -> throw protocol(route, "sent address type " + atyp);
            };
            in.readFully(new byte[skip + 2]);
            if (rver != 5) {
                throw protocol(route, "answered CONNECT with version " + rver);
            }
            if (rep != 0) {
                Diagnosis d = rep == 2 ? Diagnosis.PROXY_DENIED : Diagnosis.PROXY_ERROR;
                throw new ConnectFailure(
                        d,
                        "SOCKS5 proxy " + route.proxy() + " refused CONNECT " + Dialer.display(host, req.port()) + ": "
                                + socks5Reply(rep));
            }
        } catch (SocketTimeoutException e) {
            throw new ConnectFailure(
                    Diagnosis.READ_TIMEOUT, "SOCKS5 proxy " + route.proxy() + " did not answer in time", null, e);
        } catch (IOException e) {
            throw protocol(route, "broke off the SOCKS5 handshake: " + e.getMessage());
        }
    }

    static void socks4(Socket s, InetAddress target, Request req, Route route, Deadline dl) throws ConnectFailure {
        if (!(target instanceof Inet4Address)) {
            throw new ConnectFailure(
                    Diagnosis.DNS_FAILURE,
                    "SOCKS4 needs an IPv4 address for " + req.host() + ", got " + target.getHostAddress());
        }
        try {
            dl.applyRead(s, req.readTimeout());
            OutputStream out = s.getOutputStream();
            byte[] user = "uplink".getBytes(StandardCharsets.US_ASCII);
            byte[] msg = new byte[9 + user.length];
            msg[0] = 4;
            msg[1] = 1;
            msg[2] = (byte) (req.port() >> 8);
            msg[3] = (byte) req.port();
            System.arraycopy(target.getAddress(), 0, msg, 4, 4);
            System.arraycopy(user, 0, msg, 8, user.length);
            out.write(msg);
            out.flush();
            byte[] reply = new byte[8];
            new DataInputStream(s.getInputStream()).readFully(reply);
            int cd = reply[1] & 0xff;
            if (reply[0] != 0) {
                throw protocol(route, "answered with SOCKS4 reply version " + reply[0]);
            }
            if (cd != 0x5a) {
                throw new ConnectFailure(
                        Diagnosis.PROXY_DENIED,
                        "SOCKS4 proxy " + route.proxy() + " refused CONNECT " + target.getHostAddress() + ":"
                                + req.port() + " (reply 0x" + Integer.toHexString(cd) + ")");
            }
        } catch (SocketTimeoutException e) {
            throw new ConnectFailure(
                    Diagnosis.READ_TIMEOUT, "SOCKS4 proxy " + route.proxy() + " did not answer in time", null, e);
        } catch (EOFException e) {
            throw protocol(route, "closed the connection during the SOCKS4 handshake");
        } catch (IOException e) {
            throw protocol(route, "broke off the SOCKS4 handshake: " + e.getMessage());
        }
    }

    private static byte[] connectRequest(String host, int port) throws IOException {
        byte[] addr;
        byte atyp;
        InetAddress literal = literal(host);
        if (literal instanceof Inet4Address) {
            atyp = 1;
            addr = literal.getAddress();
        } else if (literal instanceof Inet6Address) {
            atyp = 4;
            addr = literal.getAddress();
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw new IOException("host name longer than 255 bytes");
            }
            atyp = 3;
            addr = new byte[name.length + 1];
            addr[0] = (byte) name.length;
            System.arraycopy(name, 0, addr, 1, name.length);
        }
        byte[] msg = new byte[4 + addr.length + 2];
        msg[0] = 5;
        msg[1] = 1;
        msg[3] = atyp;
        System.arraycopy(addr, 0, msg, 4, addr.length);
        msg[msg.length - 2] = (byte) (port >> 8);
        msg[msg.length - 1] = (byte) port;
        return msg;
    }

    private static InetAddress literal(String host) throws IOException {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.indexOf(':') >= 0) {
            return InetAddress.getByName(host);
        }
        return null;
    }

    private static String socks5Reply(int rep) {
        return switch (rep) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused by the destination";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "reply code " + rep;
        };
    }

    private static ConnectFailure protocol(Route route, String what) {
        return new ConnectFailure(Diagnosis.PROTOCOL_ERROR, "SOCKS proxy " + route.proxy() + " " + what);
    }
}
