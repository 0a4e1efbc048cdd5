package dev.uplink.collector.health;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health document and a device's detail as JSON (docs/behaviour.md#health-json): one writer
 * for {@code collector health --json} and the dashboard's API, so the two cannot drift apart.
 *
 * <p>The writer streams: a fleet's document is megabytes (docs/scaling.md#fleet-health), and
 * building it as a tree first cost more than the query in the command-line tool's cold JVM. The
 * tree forms ({@link #document}, {@link #detail}) are read back from the same writer.
 */
public final class HealthJson {

    /** Made on first use: a command printing the document as a stream never needs it (~25 ms of a cold start). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private HealthJson() {}

    /** Writes the health document as one JSON object; {@code g} is left open and unflushed. */
    public static void writeDocument(HealthDocument doc, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("generatedAt", text(doc.generatedAt()));
        g.writeArrayFieldStart("sites");
        for (SiteSummary s : doc.sites()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeNumberField("devices", s.devices());
            g.writeNumberField("failingDevices", s.failingDevices());
            g.writeNumberField("staleDevices", s.staleDevices());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("cells");
        for (HealthCell c : doc.cells()) {
            g.writeStartObject();
            g.writeStringField("site", c.site());
            g.writeStringField("endpoint", c.endpoint());
            g.writeNumberField("devices", c.devices());
            g.writeNumberField("failing", c.failing());
            g.writeObjectFieldStart("diagnoses");
            for (Map.Entry<String, Integer> e : c.diagnoses().entrySet()) {
                g.writeFieldName(e.getKey());
                number(g, e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("topDiagnosis", c.topDiagnosis().orElse(null));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("devices");
        for (DeviceHealth d : doc.devices()) {
            g.writeStartObject();
            device(g, d);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The health document as UTF-8 JSON bytes (the dashboard's API answer). */
    public static byte[] documentBytes(HealthDocument doc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (JsonGenerator g = Mapper.JSON.getFactory().createGenerator(out)) {
            writeDocument(doc, g);
        } catch (IOException e) {
            throw new UncheckedIOException("the health document cannot be written", e);
        }
        return out.toByteArray();
    }

    public static ObjectNode document(HealthDocument doc) {
        try (TokenBuffer tokens = new TokenBuffer(Mapper.JSON, false)) {
            writeDocument(doc, tokens);
            return tree(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException("the health document cannot be written", e);
        }
    }

    public static ObjectNode detail(DeviceDetail d) {
        try (TokenBuffer tokens = new TokenBuffer(Mapper.JSON, false)) {
            writeDetail(d, tokens);
            return tree(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException("the device detail cannot be written", e);
        }
    }

    private static ObjectNode tree(TokenBuffer tokens) throws IOException {
        try (var parser = tokens.asParser(Mapper.JSON)) {
            return Mapper.JSON.readTree(parser);
        }
    }

    private static void writeDetail(DeviceDetail d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        device(g, d.health());
        g.writeStringField("host", d.host());
        g.writeStringField("sensorRoute", d.sensorRoute());
        g.writeArrayFieldStart("configurationSources");
        for (String s : d.configurationSources()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("network");
        g.writeStringField("dnsDomain", d.network().dnsDomain());
        g.writeStringField("defaultGateway", d.network().defaultGateway());
        g.writeArrayFieldStart("addresses");
        for (String a : d.network().addresses()) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeStringField("primaryAddress", d.network().primaryAddress());
        g.writeStringField("proxy", d.network().proxy());
        g.writeEndObject();
        g.writeArrayFieldStart("history");
        for (CheckSummary c : d.history()) {
            g.writeStartObject();
            g.writeStringField("checkId", c.checkId());
            g.writeStringField("trigger", c.trigger());
            g.writeStringField("startedAt", text(c.startedAt()));
            g.writeStringField("finishedAt", text(c.finishedAt()));
            g.writeNumberField("results", c.results());
            g.writeNumberField("failing", c.failing());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lastResults");
        for (ProbeResult r : d.lastResults()) {
            g.writeStartObject();
            g.writeStringField("url", r.url());
            g.writeStringField("endpoint", r.endpoint());
            g.writeStringField("service", r.service());
            g.writeStringField("method", r.method());
            g.writeStringField("methodName", r.methodName());
            g.writeStringField("route", r.route());
            g.writeStringField("outcome", r.outcome());
            g.writeStringField("diagnosis", r.diagnosis());
            g.writeStringField("detail", r.detail());
            g.writeStringField("remediation", r.remediation());
            g.writeStringField("issuer", r.issuer());
            g.writeStringField("proxyError", r.proxyError());
            g.writeFieldName("httpStatus");
            number(g, r.httpStatus());
            g.writeFieldName("elapsedMs");
            number(g, r.elapsedMs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void device(JsonGenerator g, DeviceHealth d) throws IOException {
        g.writeStringField("deviceId", d.deviceId());
        g.writeStringField("name", d.name());
        g.writeStringField("site", d.site());
        g.writeStringField("lastCheck", text(d.lastCheck()));
        g.writeStringField("lastSeen", text(d.lastSeen()));
        g.writeBooleanField("stale", d.stale());
        g.writeFieldName("failing");
        FailingText prewritten = d.failingText();
        if (prewritten == null) {
            writeFailing(d.failing(), g);
        } else if (g instanceof TokenBuffer) {
            // The tree forms read the tokens back: a raw value would come back as one opaque node.
            try (JsonParser p = Mapper.JSON.getFactory().createParser(prewritten.utf8())) {
                p.nextToken();
                g.copyCurrentStructure(p);
            }
        } else if (g instanceof UTF8JsonGenerator) {
            // As bytes, the store's own: the generator's own copy of a String encodes it char by char,
            // which in the command line's cold JVM was a fifth of writing the document, and making
            // the String at all was another pass and copy (docs/scaling.md#fleet-health).
            g.writeRawValue(new Utf8Value(prewritten.utf8()));
        } else {
            g.writeRawValue(prewritten.text());
        }
    }

    /**
     * A value already written as JSON, in UTF-8, for {@link JsonGenerator#writeRawValue(SerializableString)}
     * of a generator into bytes: copied as it is. The text has no surrogate ({@link #failingJson}),
     * so its UTF-8 is exactly what the generator would have encoded.
     */
    private static final class Utf8Value implements SerializableString {
        private final byte[] utf8;

        Utf8Value(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        // The generator asks a raw value for its unquoted forms only; the quoted ones (the text as a
        // JSON string) are Jackson's own, made when asked.
        private SerializedString quoted() {
            return new SerializedString(getValue());
        }

        @Override
        public char[] asQuotedChars() {
            return quoted().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return quoted().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return quoted().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return quoted().appendQuoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return quoted().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return quoted().putQuotedUTF8(buffer);
        }
    }

    /**
     * A device's failed results as the JSON array the document holds: the one writer of that array,
     * for the document and for the text the stores keep ready-made with each latest check
     * ({@link #failingJson}; docs/scaling.md#fleet-health).
     */
    public static void writeFailing(List<FailingProbe> failing, JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (FailingProbe p : failing) {
            g.writeStartObject();
            g.writeStringField("url", p.url());
            g.writeStringField("endpoint", p.endpoint());
            g.writeStringField("method", p.method());
            g.writeStringField("route", p.route());
            g.writeStringField("diagnosis", p.diagnosis());
            g.writeStringField("detail", p.detail());
            g.writeStringField("remediation", p.remediation());
            g.writeStringField("issuer", p.issuer());
            g.writeStringField("proxyError", p.proxyError());
            g.writeFieldName("httpStatus");
            number(g, p.httpStatus());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * {@link #writeFailing} as text: what a store keeps with a device's latest check, which the
     * document then copies unchanged ({@link JsonGenerator#writeRawValue(String)}). Null when the
     * results hold a character beyond the BMP (a surrogate pair): the writer into bytes (the API)
     * escapes it as a pair of escapes and the writer into text (the command line) copies it,
     * so no one text is what both write; such a device's results are read from their rows instead.
     */
    public static String failingJson(List<FailingProbe> failing) {
        StringWriter out = new StringWriter(64 + 256 * failing.size());
        try (JsonGenerator g = Mapper.JSON.getFactory().createGenerator(out)) {
            writeFailing(failing, g);
        } catch (IOException e) {
            throw new UncheckedIOException("the failing results cannot be written", e);
        }
        String text = out.toString();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return null;
            }
        }
        return text;
    }

    /** The failed results back from {@link #failingJson}'s text (the text form and the dashboard read them so). */
    public static List<FailingProbe> readFailing(String json) {
        try {
            JsonNode array = Mapper.JSON.readTree(json);
            List<FailingProbe> out = new ArrayList<>(array.size());
            for (JsonNode p : array) {
                JsonNode status = p.get("httpStatus");
                out.add(new FailingProbe(
                        text(p, "url"),
                        text(p, "endpoint"),
                        text(p, "method"),
                        text(p, "route"),
                        text(p, "diagnosis"),
                        text(p, "detail"),
                        text(p, "remediation"),
                        text(p, "issuer"),
                        text(p, "proxyError"),
                        status == null || status.isNull() ? null : status.intValue()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("stored failing results do not parse", e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A nullable number as the tree wrote it ({@code ObjectNode.put(name, (Integer) null)} is null). */
    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n == null) {
            g.writeNull();
        } else if (n instanceof Long l) {
            g.writeNumber(l);
        } else {
            g.writeNumber(n.intValue());
        }
    }

    /** {@link Instant#toString()}'s text, made without java.time's formatter ({@link IsoInstant}). */
    private static String text(Instant t) {
        return t == null ? null : IsoInstant.format(t);
    }
}
