package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * One HTTP request and how to make each attempt: timeouts, trust, client identity, name
 * overrides, what counts as success. Immutable; build with {@link #get(String)} /
 * {@link #builder(String, String)}. Bodies are bytes: compression is the caller's business
 * (set {@code Content-Encoding} yourself).
 */
public final class Request {

    /** Managed by the Connector: it sends {@code Connection} (close, or keep-alive when reusing) and a Content-Length. */
    private static final Set<String> RESERVED =
            Set.of("content-length", "transfer-encoding", "connection", "proxy-authorization", "proxy-connection");

    private final String method;
    private final URI url;
    private final Headers headers;
    private final byte[] body;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration attemptTimeout;
    private final TrustMaterial trust;
    private final CaPins pins;
    private final X509KeyManager clientKeyManager;
    private final ProxyCredentials proxyCredentials;
    private final Map<String, InetAddress> resolveOverrides;
    private final Expect expect;
    private final int maxBodyBytes;
    private final boolean reuseConnection;

    private Request(Builder b) {
        this.method = b.method;
        this.url = b.url;
        this.headers = b.headers;
        this.body = b.body == null ? null : b.body.clone();
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.trust = b.trust;
        this.pins = b.pins;
        this.clientKeyManager = b.clientKeyManager;
        this.proxyCredentials = b.proxyCredentials;
        this.resolveOverrides = Map.copyOf(b.resolveOverrides);
        this.expect = b.expect;
        this.maxBodyBytes = b.maxBodyBytes;
        this.reuseConnection = b.reuseConnection;
    }

    public static Builder get(String url) {
        return builder("GET", url);
    }

    public static Builder builder(String method, String url) {
        return new Builder(method, parseUrl(url));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Checks an http(s) URL: absolute, with a host, without user info. {@code InvalidInputException}
     * names the URL and the expected form.
     */
    public static URI parseUrl(String url) {
        String expected = "expected an absolute http:// or https:// URL, e.g. https://host.example.com/ping";
        URI u;
        try {
            u = new URI(Objects.requireNonNull(url, "url").trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("URL '" + url + "' is not valid (" + e.getReason() + "): " + expected);
        }
        String scheme = u.getScheme() == null ? "" : CaseMapping.lower(u.getScheme());
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("URL '" + url + "' has scheme '" + u.getScheme() + "': " + expected);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new InvalidInputException("URL '" + url + "' has no host: " + expected);
        }
        if (u.getRawUserInfo() != null) {
            throw new InvalidInputException(
                    "URL '" + url + "' contains user info: " + expected + " (no credentials in URLs)");
        }
        return u;
    }

    public String method() {
        return method;
    }

    public URI url() {
        return url;
    }

    public boolean isHttps() {
        return url.getScheme().equalsIgnoreCase("https");
    }
    /** Host without IPv6 brackets, lower case. */
    public String host() {
        String h = url.getHost();
        return CaseMapping.lower((h.startsWith("[") ? h.substring(1, h.length() - 1) : h));
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : isHttps() ? 443 : 80;
    }

    public Headers headers() {
        return headers;
    }
    /** A copy of the body, or null for none. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    byte[] bodyNoCopy() {
        return body;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public TrustMaterial trust() {
        return trust;
    }

    /** The CAs the service's chain must lead to, besides being trusted (docs/behaviour.md#certificate-pins). */
    public CaPins pins() {
        return pins;
    }

    public X509KeyManager clientKeyManager() {
        return clientKeyManager;
    }
    /** Whether proxy credentials were set (their values are never exposed in text). */
    public boolean hasProxyCredentials() {
        return proxyCredentials != ProxyCredentials.NONE;
    }

    /** What this request sends as Proxy-Authorization to a PROXY or HTTPS route. */
    public ProxyCredentials proxyCredentials() {
        return proxyCredentials;
    }

    public Map<String, InetAddress> resolveOverrides() {
        return resolveOverrides;
    }

    public Expect expect() {
        return expect;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }
    /** Whether the connection may be kept open for, and taken from, the Connector's idle pool. */
    public boolean reuseConnection() {
        return reuseConnection;
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + url + ", " + headers
                + (body == null ? "" : ", body " + body.length + " bytes") + ", expect " + expect
                + (hasProxyCredentials() ? ", proxy credentials set" : "") + "]";
    }

    public static final class Builder {
        private final String method;
        private final URI url;
        private Headers headers = Headers.EMPTY;
        private byte[] body;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration attemptTimeout = Duration.ofSeconds(60);
        private TrustMaterial trust = TrustMaterial.jdkDefaults();
        private CaPins pins = CaPins.NONE;
        private X509KeyManager clientKeyManager;
        private ProxyCredentials proxyCredentials = ProxyCredentials.NONE;
        private final Map<String, InetAddress> resolveOverrides = new HashMap<>();
        private Expect expect = Expect.SUCCESSFUL;
        private int maxBodyBytes = 1 << 20;
        private boolean reuseConnection;

        private Builder(String method, URI url) {
            Headers.checkName(method);
            this.method = CaseMapping.upper(method);
            this.url = url;
        }

        private Builder(Request r) {
            this.method = r.method;
            this.url = r.url;
            this.headers = r.headers;
            this.body = r.body;
            this.connectTimeout = r.connectTimeout;
            this.readTimeout = r.readTimeout;
            this.attemptTimeout = r.attemptTimeout;
            this.trust = r.trust;
            this.pins = r.pins;
            this.clientKeyManager = r.clientKeyManager;
            this.proxyCredentials = r.proxyCredentials;
            this.resolveOverrides.putAll(r.resolveOverrides);
            this.expect = r.expect;
            this.maxBodyBytes = r.maxBodyBytes;
            this.reuseConnection = r.reuseConnection;
        }

        public Builder header(String name, String value) {
            if (RESERVED.contains(CaseMapping.lower(name))) {
                throw new IllegalArgumentException("header " + name + " is managed by the Connector");
            }
            headers = headers.with(name, value);
            return this;
        }

        public Builder headers(Headers more) {
            for (Map.Entry<String, String> e : more.entries()) {
                header(e.getKey(), e.getValue());
            }
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body == null ? null : body.clone();
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connect timeout");
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = positive(d, "read timeout");
            return this;
        }
        /** Upper bound for one whole attempt (connect, handshakes, request, response). */
        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = positive(d, "attempt timeout");
            return this;
        }

        public Builder trust(TrustMaterial t) {
            this.trust = Objects.requireNonNull(t, "trust");
            return this;
        }

        /**
         * The service's chain must also lead to one of these CAs; a trusted chain that does not is
         * {@code tls-intercepted}. Never applied to an HTTPS proxy's own certificate.
         */
        public Builder pins(CaPins p) {
            this.pins = Objects.requireNonNull(p, "pins");
            return this;
        }

        public Builder clientKeyManager(X509KeyManager km) {
            this.clientKeyManager = km;
            return this;
        }

        /** Mutual TLS with the service: present {@code identity} (not to proxies). */
        public Builder clientIdentity(KeyAndChain identity) {
            for (KeyManager km : Pki.keyManagers(identity)) {
                if (km instanceof X509KeyManager x) {
                    this.clientKeyManager = x;
                }
            }
            return this;
        }

        /**
         * One {@code Proxy-Authorization} value sent to every HTTP/HTTPS proxy (tools and tests; the
         * routed call answers challenges itself, per proxy: {@link #proxyCredentials}). Never printed.
         */
        public Builder proxyAuthorization(String value) {
            if (value == null) {
                this.proxyCredentials = ProxyCredentials.NONE;
            } else {
                ProxyAuthorization fixed = ProxyAuthorization.fixed(value);
                this.proxyCredentials = route -> fixed;
            }
            return this;
        }

        public boolean hasProxyCredentials() {
            return proxyCredentials != ProxyCredentials.NONE;
        }

        /** The Proxy-Authorization to send to each route's proxy (asked once per attempt). */
        public Builder proxyCredentials(ProxyCredentials credentials) {
            this.proxyCredentials = java.util.Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Like curl {@code --resolve}: {@code host} or {@code host:port} → address, consulted before
         * the Connector's resolver for every name it resolves itself.
         */
        public Builder resolve(String hostOrHostPort, InetAddress address) {
            resolveOverrides.put(CaseMapping.lower(hostOrHostPort), Objects.requireNonNull(address, "address"));
            return this;
        }

        public Builder resolve(ResolveOverride override) {
            return resolve(override.key(), override.address());
        }

        public Builder expect(Expect e) {
            this.expect = Objects.requireNonNull(e, "expect");
            return this;
        }

        public Builder maxBodyBytes(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0");
            }
            this.maxBodyBytes = max;
            return this;
        }

        /**
         * Keep the connection open after the response and reuse an idle one for the same route,
         * target, trust and identity (HTTP keep-alive, through the same proxy tunnel). Only for
         * requests that are safe to send twice: when a pooled connection turns out to be closed
         * before any answer came, the request is sent again on a fresh connection. Off by default:
         * the analyzer's probes must each see a new connection.
         */
        public Builder reuseConnection(boolean reuse) {
            this.reuseConnection = reuse;
            return this;
        }

        public Request build() {
            return new Request(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
