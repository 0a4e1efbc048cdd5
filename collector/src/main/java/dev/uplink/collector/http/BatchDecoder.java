package dev.uplink.collector.http;

import dev.uplink.collector.store.EventBatch;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.Utf8;
import dev.uplink.core.protocol.EnvelopeFormatException;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns a {@code POST /v1/events} body into event envelopes, or rejects the whole batch.
 *
 * <p>Wire format: UTF-8 JSON lines, optionally gzip-compressed ({@code Content-Encoding: gzip}, or
 * recognised by the gzip magic bytes). Each non-blank line is an object with a string {@code id}
 * (1-128 characters, no control characters; the dedupe key) and a {@code payload} (any JSON value
 * but null). Other envelope fields are ignored. Both the body as sent and the inflated body are
 * bounded, and so is the number of events.
 */
final class BatchDecoder {

    private final CollectorLimits limits;

    BatchDecoder(CollectorLimits limits) {
        this.limits = limits;
    }

    List<EventEnvelope> decode(InputStream body, String contentEncoding) throws BatchRejectedException, IOException {
        InputStream raw = new LimitedInputStream(body, limits.maxBodyBytes(), "request body");
        try {
            InputStream decoded = new LimitedInputStream(
                    inflate(raw, contentEncoding), limits.maxDecodedBytes(), "decompressed request body");
            return parseLines(decoded);
        } catch (LimitedInputStream.LimitExceeded e) {
            throw new BatchRejectedException(413, e.getMessage());
        } catch (ZipException e) {
            throw new BatchRejectedException(400, "request body is not valid gzip: " + e.getMessage());
        } catch (EOFException e) {
            throw new BatchRejectedException(400, "request body is truncated gzip");
        }
    }

    private static InputStream inflate(InputStream raw, String contentEncoding)
            throws IOException, BatchRejectedException {
        String enc = contentEncoding == null ? "" : CaseMapping.lower(contentEncoding.trim());
        switch (enc) {
            case "gzip", "x-gzip":
                return new GZIPInputStream(raw, 8192);
            case "", "identity":
                PushbackInputStream p = new PushbackInputStream(raw, 2);
                byte[] magic = p.readNBytes(2);
                p.unread(magic);
                boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
                return gzip ? new GZIPInputStream(p, 8192) : p;
            default:
                throw new BatchRejectedException(
                        415, "unsupported Content-Encoding '" + contentEncoding + "': expected gzip or none");
        }
    }

    /**
     * Splits the (bounded) decoded body on LF only: the envelope writer guarantees no raw CR or LF
     * inside an event, and a CR at a line end is dropped. Lines stay bytes until the payload slice.
     */
    private List<EventEnvelope> parseLines(InputStream decoded) throws IOException, BatchRejectedException {
        byte[] body = decoded.readAllBytes();
        EventBatch events = new EventBatch(Math.min(limits.maxEventsPerBatch(), body.length / 256 + 1));
        EnvelopeScanner scanner = new EnvelopeScanner();
        int lineNo = 0;
        for (int start = 0; start < body.length; ) {
            int end = lineEnd(body, start);
            lineNo++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, stop)) {
                if (events.size() == limits.maxEventsPerBatch()) {
                    throw new BatchRejectedException(
                            413, "batch has more than " + limits.maxEventsPerBatch() + " events");
                }
                // The scanner vouches for nearly every line; any other gets the full checks, and
                // their verdict and message, as before (EnvelopeScanner).
                EventEnvelope e = scanner.scan(body, start, stop - start);
                if (e != null) {
                    events.add(e, !scanner.mayBeCheck());
                } else {
                    if (!Utf8.isValid(body, start, stop - start)) {
                        throw new BatchRejectedException(400, "line " + lineNo + ": request body is not UTF-8 text");
                    }
                    events.add(parseEvent(body, start, stop - start, lineNo), false);
                }
            }
            start = end + 1;
        }
        if (events.isEmpty()) {
            throw new BatchRejectedException(
                    400, "batch has no events: expected JSON lines {\"id\":...,\"payload\":...}");
        }
        return events;
    }

    /**
     * Where the line from {@code start} ends: its LF, or the end of the body. A method of its own, not
     * a loop in {@link #parseLines}: the ~600 iterations per line would make the JIT compile
     * parseLines on stack (OSR) within the first batch, with the whole envelope scanner inlined into
     * it, the largest C2 compilations of the collector's start, made two or three times
     * (bench/sensor/README.md, "Collector cold cost, second pass"). With this loop apart, parseLines loops once
     * per line and its C2 compilation comes later and small, calling an already compiled scanner.
     */
    static int lineEnd(byte[] body, int start) {
        int end = start;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        return end;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** One envelope line; a malformed one rejects the whole batch, naming the line. */
    static EventEnvelope parseEvent(byte[] buf, int off, int len, int lineNo) throws BatchRejectedException {
        try {
            return EventEnvelope.decode(buf, off, len);
        } catch (EnvelopeFormatException e) {
            throw new BatchRejectedException(400, "line " + lineNo + ": " + e.getMessage());
        }
    }
}
