package dev.uplink.core.autoconfig;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Headers;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.tls.TrustMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Downloads PAC files the way WinHTTP and browsers do: {@code http(s)://} without any proxy (the
 * PAC decides proxies, it cannot need one) or {@code file:}, HTTP 200 only, at most 1 MiB (reading
 * stops beyond), within a total timeout (30 s by default) that a slow server cannot stretch. The
 * download is a {@link RoutedCall} on the DIRECT route, so its failures carry a
 * {@link dev.uplink.core.connect.Diagnosis} like every other connection's. A fetched script is cached until its
 * {@code Expires} (or {@code Cache-Control: max-age}) time, at most 12 hours, or until
 * {@link #invalidate()} (called on a network change). A failing URL is not fetched again on every
 * call: it is retried with exponential backoff (10 s doubling to 15 min); meanwhile the last error
 * is reported at once.
 *
 * <p>Thread-safe; concurrent fetches are serialised (PAC URLs are few and fetched rarely).
 */
public final class PacFetcher {

    static final int MAX_BYTES = PacOptions.MAX_SCRIPT_CHARS;
    static final Duration MAX_AGE = Duration.ofHours(12);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    /** Redirects followed, as browsers do for PAC URLs; never from https to http. */
    static final int MAX_REDIRECTS = 5;

    private final Duration timeout;
    private final Clock clock;
    private final RoutedCall http;
    private final Map<String, Cached> cache = new HashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();

    /** How long a script that failed (did not compile, exceeded a limit) is still reused before it is fetched again. */
    static final Duration FAILED_SCRIPT_RECHECK = Duration.ofSeconds(30);

    /** @param stamp a file's size and modification time (null for downloads): a changed file is read again */
    private record Cached(String source, Instant expires, String stamp) {
        Cached expiringBy(Instant latest) {
            return latest.isBefore(expires) ? new Cached(source, latest, stamp) : this;
        }
    }

    private record Failure(PacFetchException error, int attempts, Instant retryAt) {}

    public PacFetcher() {
        this(new Connector(), Duration.ofSeconds(30), Clock.systemUTC());
    }

    public PacFetcher(Duration timeout, Clock clock) {
        this(new Connector(), timeout, clock);
    }

    public PacFetcher(Connector connector, Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = RoutedCall.direct(
                connector,
                CallProfile.of(TrustMaterial.jdkDefaults(), timeout, timeout, MAX_BYTES)
                        .withMaxRedirects(MAX_REDIRECTS));
    }

    /** The PAC source behind {@code url}, from the cache when still fresh. */
    public synchronized String fetch(String url) {
        Instant now = clock.instant();
        Cached cached = cache.get(url);
        if (cached != null
                && now.isBefore(cached.expires())
                && (cached.stamp() == null || cached.stamp().equals(fileStamp(url)))) {
            return cached.source();
        }
        Failure failure = failures.get(url);
        if (failure != null && now.isBefore(failure.retryAt())) {
            throw new PacFetchException(
                    failure.error().getMessage() + " (not retried before " + failure.retryAt() + ")", failure.error());
        }
        try {
            Cached fresh = download(url, now);
            failures.remove(url);
            cache.put(url, fresh);
            return fresh.source();
        } catch (PacFetchException e) {
            int attempts = failure == null ? 1 : failure.attempts() + 1;
            long factor = 1L << Math.min(attempts - 1, 20);
            Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
            if (backoff.compareTo(MAX_BACKOFF) > 0) {
                backoff = MAX_BACKOFF;
            }
            failures.put(url, new Failure(e, attempts, now.plus(backoff)));
            cache.remove(url);
            throw e;
        }
    }

    /**
     * The script behind {@code url} failed: its cached copy is reused for at most
     * {@link #FAILED_SCRIPT_RECHECK} more, then fetched again, so a replaced PAC takes effect
     * without a restart.
     */
    public synchronized void recheckSoon(String url) {
        Cached cached = cache.get(url);
        if (cached != null) {
            cache.put(url, cached.expiringBy(clock.instant().plus(FAILED_SCRIPT_RECHECK)));
        }
    }

    /** Forgets every cached script and failure: the next fetch goes to the network. */
    public synchronized void invalidate() {
        cache.clear();
        failures.clear();
    }

    private Cached download(String url, Instant now) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new PacFetchException(
                    "PAC URL '" + url + "' is not a valid URL (expected http://, https:// or file:)");
        }
        String scheme = uri.getScheme() == null ? "" : CaseMapping.lower(uri.getScheme());
        return switch (scheme) {
            case "http", "https" -> httpGet(url, now);
            case "file" -> {
                String stamp = fileStamp(url); // before reading: a change while reading is seen next time
                yield new Cached(readFile(url, uri), now.plus(MAX_AGE), stamp);
            }
            default ->
                throw new PacFetchException(
                        "PAC URL '" + url + "': unsupported scheme (expected http://, https:// or file:)");
        };
    }

    private Cached httpGet(String url, Instant now) {
        CallResult r;
        try {
            r = http.execute(
                    Request.get(url).expect(Expect.ANY).header("Accept", "application/x-ns-proxy-autoconfig, */*"));
        } catch (dev.uplink.core.InvalidInputException e) {
            throw new PacFetchException("PAC URL '" + url + "' is not valid: " + e.getMessage());
        }
        Outcome o = r.outcome();
        if (o.httpStatus() == null) {
            if (o.diagnosis() == dev.uplink.core.connect.Diagnosis.READ_TIMEOUT) {
                throw new PacFetchException(
                        "PAC URL '" + url + "': no answer within " + timeout.toMillis() + " ms ("
                                + o.diagnosis().code() + ": " + o.detail() + ")",
                        o.diagnosis());
            }
            throw new PacFetchException(
                    "PAC URL '" + url + "': " + o.diagnosis().code() + ": " + o.detail(), o.diagnosis());
        }
        if (o.httpStatus() != 200) {
            throw new PacFetchException("PAC URL '" + url + "': HTTP " + o.httpStatus() + " (only 200 is accepted)");
        }
        if (o.bodyTruncated()) {
            throw new PacFetchException("PAC URL '" + url + "': larger than the 1 MiB limit");
        }
        Charset charset = charset(o.headers().get("Content-Type"));
        return new Cached(new String(o.body(), charset), expiry(o.headers(), now), null);
    }

    private String readFile(String url, URI uri) {
        try {
            // A FIFO would block the resolver, a device stream forever: docs/behaviour.md#input-files
            InputFiles.checkRegular(Path.of(uri), "a PAC script file");
        } catch (InvalidInputException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new PacFetchException("PAC URL '" + url + "': " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
            return new String(readBounded(in, url), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new PacFetchException("PAC URL '" + url + "': cannot read the file (" + plainReason(e) + ")", e);
        }
    }

    /** Why a file could not be read, in words (messages name no Java class: docs/behaviour.md#pac-fetching-and-caching). */
    private static String plainReason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? "read error" : e.getMessage();
    }

    /** Size and modification time of a file: URL's file (cheap to read on every fetch); "" when unreadable. */
    private static String fileStamp(String url) {
        try {
            java.nio.file.attribute.BasicFileAttributes a =
                    Files.readAttributes(Path.of(URI.create(url)), java.nio.file.attribute.BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Reads at most {@link #MAX_BYTES}; one byte more means the file is too large, and reading stops there. */
    private static byte[] readBounded(InputStream in, String url) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new PacFetchException("PAC URL '" + url + "': larger than the 1 MiB limit");
        }
        return bytes;
    }

    /** Expires or max-age, bounded by 12 h; a past date means "do not reuse". */
    private Instant expiry(Headers headers, Instant now) {
        Instant limit = now.plus(MAX_AGE);
        Optional<Instant> maxAge = Optional.ofNullable(headers.get("Cache-Control"))
                .flatMap(PacFetcher::maxAge)
                .map(now::plus);
        Optional<Instant> expires = Optional.ofNullable(headers.get("Expires")).flatMap(PacFetcher::httpDate);
        Instant chosen = maxAge.or(() -> expires).orElse(limit);
        return chosen.isAfter(limit) ? limit : chosen;
    }

    static Optional<Duration> maxAge(String cacheControl) {
        for (String directive : cacheControl.split(",")) {
            String d = CaseMapping.lower(directive.strip());
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Optional.of(Duration.ZERO);
            }
            if (d.startsWith("max-age=")) {
                try {
                    return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(d.substring(8)))));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.of(Instant.EPOCH); // an invalid Expires means "already expired" (RFC 9111)
        }
    }

    private static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (CaseMapping.lower(p).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", ""));
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
