package dev.uplink.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.metrics.CollectorMetrics;
import dev.uplink.collector.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer. Bodies are read without holding a thread: a client that sends
 * slowly costs a buffer, not a worker (docs/behaviour.md#collector-answers-and-limits); what a
 * handler does with a complete body runs on a worker.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Before an error answer the rest of the body is discarded, up to this much: closing a
     * connection with unread data makes the kernel send a reset that can destroy our answer in the
     * client's buffers, and the sensor would retry for ever instead of parking on a 401/403/413.
     */
    static final long DISCARD_LIMIT = 64L << 20;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Executor workers;
    private final CollectorMetrics metrics;
    private final long startNanos = System.nanoTime();

    Exchange(Request request, Response response, Callback callback, Executor workers, CollectorMetrics metrics) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.workers = workers;
        this.metrics = metrics;
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return request.getHttpURI().getPath();
    }

    /** The path as a metrics label: a known endpoint, or "other" (a label per scanned path would grow without bound). */
    private String endpoint() {
        String p = path();
        return switch (p) {
            case "/v1/events", "/v1/enroll", "/ping", "/healthz" -> p;
            default -> "other";
        };
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    List<String> headers(String name) {
        return request.getHeaders().getValuesList(name);
    }

    String remote() {
        return Request.getRemoteAddr(request);
    }

    /** The declared body length, or -1 when not declared (chunked) or not a number. */
    long declaredLength() {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    interface BodyHandler {
        Reply handle(byte[] body) throws IOException;
    }

    /**
     * Reads the whole body (over {@code limit} bytes: 413 naming {@code what}), then runs
     * {@code handler} on a worker and sends its reply.
     */
    void readBody(long limit, String what, BodyHandler handler) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        read(limit, body::writeBytes, overflow -> {
            if (overflow) {
                reply(Reply.error(413, what + " is larger than " + limit + " bytes"));
                return;
            }
            workers.execute(() -> {
                try {
                    reply(handler.handle(body.toByteArray()));
                } catch (StoreException e) {
                    LOG.error("request {} {}: store failed: {}", method(), path(), e.getMessage());
                    reply(Reply.error(503, "collector store unavailable, retry later")
                            .with("Retry-After", "10"));
                } catch (IOException e) {
                    fail(e);
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.error("request {} {} from {} failed", method(), path(), remote(), e);
                    reply(Reply.error(500, "internal error"));
                }
            });
        });
    }

    /** Sends the reply; an error reply first discards what is left of the body (bounded). */
    void reply(Reply reply) {
        if (reply.isError()) {
            read(DISCARD_LIMIT, bytes -> {}, overflow -> send(reply));
        } else {
            send(reply);
        }
    }

    /** Ends the exchange without an answer (the connection is closed). */
    void fail(Throwable cause) {
        callback.failed(cause);
    }

    private void send(Reply reply) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(reply.body());
        } catch (IOException e) {
            fail(e);
            return;
        }
        response.setStatus(reply.status());
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "application/json");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        for (Map.Entry<String, String> e : reply.headers().entrySet()) {
            h.put(e.getKey(), e.getValue());
        }
        h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        boolean head = "HEAD".equals(request.getMethod());
        metrics.request(endpoint(), reply.status(), System.nanoTime() - startNanos);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    /**
     * Reads chunks as they arrive until the end of the body or {@code limit} bytes, handing each
     * chunk's bytes to {@code sink}; then {@code done} gets whether the limit was passed. A failed
     * read (the client went away, or was dropped for slowness) fails the exchange.
     */
    private void read(long limit, Consumer<byte[]> sink, Consumer<Boolean> done) {
        new Object() {
            long total;

            void next() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this::next);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        fail(chunk.getFailure());
                        return;
                    }
                    ByteBuffer b = chunk.getByteBuffer();
                    int n = b.remaining();
                    total += n;
                    if (total <= limit && n > 0) {
                        byte[] bytes = new byte[n];
                        b.get(bytes);
                        sink.accept(bytes);
                    }
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (total > limit) {
                        done.accept(true);
                        return;
                    }
                    if (last) {
                        done.accept(false);
                        return;
                    }
                }
            }
        }.next();
    }
}
