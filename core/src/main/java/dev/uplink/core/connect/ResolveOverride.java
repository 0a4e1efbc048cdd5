package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One curl-style {@code --resolve} entry: {@code host:port:address} (or {@code host:address} for
 * every port). The address must be an IP literal ({@code [v6]} in brackets): parsing never does DNS.
 * {@link #key()} is what {@link Request.Builder#resolve(String, InetAddress)} takes.
 */
public record ResolveOverride(String host, Integer port, InetAddress address) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String EXPECTED =
            "expected host:port:address, e.g. svc.example.com:443:127.0.0.1 or svc.example.com:443:[::1]";

    public static ResolveOverride parse(String text, String what) {
        String s = text == null ? "" : text.trim();
        String addrPart;
        String rest;
        if (s.endsWith("]") && s.lastIndexOf(":[") > 0) {
            int i = s.lastIndexOf(":[");
            addrPart = s.substring(i + 2, s.length() - 1);
            rest = s.substring(0, i);
        } else {
            int i = s.lastIndexOf(':');
            if (i <= 0) {
                throw new InvalidInputException(what + " '" + text + "' is not valid: " + EXPECTED);
            }
            addrPart = s.substring(i + 1);
            rest = s.substring(0, i);
        }
        InetAddress address = literal(addrPart, what, text);
        String hostPart = rest;
        Integer port = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            hostPart = rest.substring(0, colon);
            String p = rest.substring(colon + 1);
            if (p.isEmpty()
                    || p.length() > 5
                    || !p.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(p) < 1
                    || Integer.parseInt(p) > 65535) {
                throw new InvalidInputException(what + " '" + text + "': port '" + p + "' is not 1-65535: " + EXPECTED);
            }
            port = Integer.parseInt(p);
        }
        if (hostPart.isEmpty() || hostPart.indexOf(':') >= 0) {
            throw new InvalidInputException(what + " '" + text + "' has no valid host name: " + EXPECTED);
        }
        return new ResolveOverride(CaseMapping.lower(HostPort.normaliseHost(hostPart, what)), port, address);
    }

    /** {@code host:port} or {@code host}, as the request's override table is keyed. */
    public String key() {
        return port == null ? host : host + ":" + port;
    }

    private static InetAddress literal(String s, String what, String text) {
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !HostPort.isIpv6(s)) {
            throw new InvalidInputException(what + " '" + text + "': '" + s + "' is not an IP address: " + EXPECTED);
        }
        try {
            if (v4) {
                for (String octet : s.split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        throw new UnknownHostException(s);
                    }
                }
            }
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new InvalidInputException(what + " '" + text + "': '" + s + "' is not an IP address: " + EXPECTED);
        }
    }
}
