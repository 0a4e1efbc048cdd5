package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.uplink.core.fuzz.DeepJson;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import dev.uplink.core.protocol.EnvelopeFormatException;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the decoding of {@code POST /v1/events} bodies: plain and gzip NDJSON, mutated, random,
 * huge and inflating. A body is decoded into events whose payloads are valid JSON, or rejected as
 * a whole with a status; nothing else escapes. Replay a failure with the seed from jqwik's
 * report: {@code @Property(seed = "...")}.
 */
class BatchDecoderFuzzTest {

    /** The limits of the table-driven tests: small, so that mutations cross them. */
    private static final CollectorLimits SMALL = new CollectorLimits(4096, 8192, 5, 1, 1, 1);

    private static final CollectorLimits ROOMY = new CollectorLimits(4 << 20, 8 << 20, 1000, 1, 1, 1);
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Bodies made of the lines of the table-driven tests, good and bad. */
    static List<byte[]> seeds() {
        List<String> lines = new ArrayList<>(TableRows.column(BatchDecoderTest.class, "goodEvents", 0));
        lines.addAll(TableRows.column(BatchDecoderTest.class, "badEvents", 0));
        List<byte[]> bodies = new ArrayList<>();
        for (String line : lines) {
            bodies.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(String.join("\n", lines.subList(0, 4)).getBytes(StandardCharsets.UTF_8));
        bodies.add(String.join("\r\n\n", lines.subList(4, 8)).getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    static List<byte[]> gzipSeeds() {
        return seeds().stream().map(BatchDecoderFuzzTest::gzip).toList();
    }

    @Provide
    Arbitrary<FuzzBytes> bodies() {
        return Arbitraries.oneOf(Mutations.bytes(seeds(), Mutations.JSON), Mutations.randomBytes(600));
    }

    /** gzip bodies with their compressed bytes mutated: headers, deflate blocks, trailers. */
    @Provide
    Arbitrary<FuzzBytes> gzipBodies() {
        return Arbitraries.oneOf(
                Mutations.bytes(gzipSeeds(), Mutations.Grammar.of(List.of("\u001F\u008B\u0008"))),
                Mutations.bytes(seeds(), Mutations.JSON).map(b -> new FuzzBytes(gzip(b.bytes()))));
    }

    /** Megabytes as sent, or a few kilobytes that inflate to megabytes. */
    @Provide
    Arbitrary<FuzzBytes> hugeBodies() {
        Arbitrary<FuzzBytes> huge = Mutations.hugeBytes(seeds(), 1 << 20, 4 << 20);
        return Arbitraries.oneOf(huge, huge.map(b -> new FuzzBytes(gzip(b.bytes()))));
    }

    @Property(tries = 800)
    void bodiesDecodeOrAreRejected(@ForAll("bodies") FuzzBytes body, @ForAll("encodings") String encoding) {
        decode(SMALL, body, encoding);
        decode(ROOMY, body, encoding);
    }

    @Property(tries = 600)
    void gzipBodiesDecodeOrAreRejected(@ForAll("gzipBodies") FuzzBytes body, @ForAll("encodings") String encoding) {
        decode(SMALL, body, encoding);
        decode(ROOMY, body, encoding);
    }

    @Property(tries = 8)
    void hugeAndInflatingBodiesAreRejectedByTheLimits(@ForAll("hugeBodies") FuzzBytes body) {
        Fuzz.Outcome<List<EventEnvelope>> outcome = decode(SMALL, body, null);
        assertTrue(
                !outcome.parsed() && ((BatchRejectedException) outcome.refusal()).status() == 413,
                () -> "expected 413, got "
                        + (outcome.parsed() ? outcome.value().size() + " events" : outcome.refusal()));
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("", "gzip", " GZIP ", "identity", "x-gzip", "br").injectNull(0.3);
    }

    private static Fuzz.Outcome<List<EventEnvelope>> decode(CollectorLimits limits, FuzzBytes body, String encoding) {
        Fuzz.Outcome<List<EventEnvelope>> outcome = Fuzz.parse(
                body.size(),
                BatchRejectedException.class,
                () -> new BatchDecoder(limits).decode(new ByteArrayInputStream(body.bytes()), encoding));
        if (outcome.parsed()) {
            assertTrue(!outcome.value().isEmpty() && outcome.value().size() <= limits.maxEventsPerBatch());
            for (EventEnvelope e : outcome.value()) {
                assertTrue(
                        !e.id().isEmpty()
                                && e.id().length() <= EventLimits.MAX_ID_LENGTH
                                && e.id().chars().noneMatch(Character::isISOControl),
                        e.id());
                assertTrue(
                        !readTree(e.payloadJson()).isNull(), "a payload is a JSON value, not null: " + e.payloadJson());
            }
        } else {
            int status = ((BatchRejectedException) outcome.refusal()).status();
            assertTrue(status == 400 || status == 413 || status == 415, "status " + status);
        }
        return outcome;
    }

    // ---- the intake's contract ------------------------------------------------------------------

    /** Payloads as a client submits them to the sensor's intake, good, bad and deep. */
    @Provide
    Arbitrary<List<FuzzBytes>> submitted() {
        Arbitrary<FuzzBytes> payload = Arbitraries.oneOf(
                Mutations.bytes(
                        TableRows.column(BatchDecoderTest.class, "goodEvents", 2).stream()
                                .map(p -> p.getBytes(StandardCharsets.UTF_8))
                                .toList(),
                        Mutations.JSON),
                DeepJson.around(EventLimits.MAX_PAYLOAD_DEPTH).map(d -> new FuzzBytes(d.json())));
        return payload.list().ofMinSize(1).ofMaxSize(8);
    }

    /**
     * Every payload the intake's check ({@link EventEnvelope#checkPayload}) accepts, enveloped as the
     * sensor does and sent as a gzip batch, is taken by the collector with the payload as sent: an
     * acknowledged event never gets its batch rejected (docs/behaviour.md#intake).
     */
    @Property(tries = 300)
    void batchesOfAcceptedPayloadsAreNeverRejected(@ForAll("submitted") List<FuzzBytes> submitted) {
        List<byte[]> accepted = new ArrayList<>();
        for (FuzzBytes p : submitted) {
            Fuzz.Outcome<byte[]> line = Fuzz.parse(p.size(), EnvelopeFormatException.class, () -> {
                EventEnvelope.checkPayload(p.bytes());
                return EventEnvelope.encode("e" + accepted.size(), Instant.EPOCH, "uid:1000", p.bytes());
            });
            if (line.parsed() && line.value().length <= EventLimits.MAX_EVENT_BYTES) {
                accepted.add(line.value());
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] line : accepted) {
            body.writeBytes(line);
            body.write('\n');
        }
        byte[] gz = gzip(body.toByteArray());
        Fuzz.Outcome<List<EventEnvelope>> decoded = Fuzz.parse(
                gz.length,
                BatchRejectedException.class,
                () -> new BatchDecoder(CollectorLimits.defaults()).decode(new ByteArrayInputStream(gz), "gzip"));
        assertTrue(decoded.parsed(), () -> "the collector rejected a batch of accepted events: " + decoded.refusal());
        assertEquals(accepted.size(), decoded.value().size());
        for (int i = 0; i < accepted.size(); i++) {
            assertEquals("e" + i, decoded.value().get(i).id());
        }
    }

    // ---- round trip -----------------------------------------------------------------------------

    /** One generated event: its id, its payload as the exact JSON text sent, and how its line is written. */
    record Event(String id, String payload, boolean payloadFirst, String extra) {
        String line() {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = STRICT.getFactory().createGenerator(w)) {
                g.writeStartObject();
                if (!payloadFirst) {
                    g.writeStringField("id", id);
                }
                g.writeFieldName("payload");
                g.writeRawValue(payload);
                if (!extra.isEmpty()) {
                    g.writeFieldName("more");
                    g.writeRawValue(extra);
                }
                if (payloadFirst) {
                    g.writeStringField("id", id);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.toString();
        }
    }

    record Batch(List<Event> events, String separator, boolean gzip) {
        byte[] body() {
            String text = events.stream().map(Event::line).collect(Collectors.joining(separator)) + separator;
            byte[] plain = text.getBytes(StandardCharsets.UTF_8);
            return gzip ? BatchDecoderFuzzTest.gzip(plain) : plain;
        }

        @Override
        public String toString() {
            return (gzip ? "gzip " : "")
                    + new FuzzBytes(events.stream()
                            .map(Event::line)
                            .collect(Collectors.joining(separator))
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The sensor's lines come back as the same ids with the payloads as the exact text sent. */
    @Property(tries = 300)
    void batchesRoundTrip(@ForAll("batches") Batch batch) {
        byte[] body = batch.body();
        List<EventEnvelope> decoded = Fuzz.parse(
                        body.length,
                        BatchRejectedException.class,
                        () -> new BatchDecoder(ROOMY).decode(new ByteArrayInputStream(body), null))
                .value();
        assertEquals(
                batch.events().stream()
                        .map(e -> new EventEnvelope(e.id(), e.payload()))
                        .toList(),
                decoded);
    }

    @Provide
    Arbitrary<Batch> batches() {
        // Ids: any text of 1-128 characters without control characters, astral ones included.
        Arbitrary<String> id = Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("abc-019.:\"\\/ é✓")
                                .ofMinLength(1)
                                .ofMaxLength(40)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('\u0020', '\u007E')
                                .withCharRange('\u00A0', '\uD7FF')
                                .ofMinLength(1)
                                .ofMaxLength(128)),
                Tuple.of(1, Arbitraries.of("\uD83D\uDE00", "a\u2028b", "x".repeat(128))));
        Arbitrary<String> payload = Combinators.combine(json(3).filter(n -> !n.isNull()), Arbitraries.of(true, false))
                .as((tree, pretty) -> write(tree, pretty));
        Arbitrary<String> extra =
                Arbitraries.of("", "{\"id\":7,\"payload\":null}", "[\"id\",{\"payload\":1}]", "\"payload\"");
        Arbitrary<Event> event = Combinators.combine(id, payload, Arbitraries.of(true, false), extra)
                .as(Event::new);
        return Combinators.combine(
                        event.list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.of("\n", "\r\n", "\n\n", "\n \t\n"),
                        Arbitraries.of(true, false))
                .as(Batch::new);
    }

    /** A JSON value of at most {@code depth} levels: numbers at and beyond long and double precision, any text. */
    private static Arbitrary<JsonNode> json(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                text().map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(f::numberNode),
                Arbitraries.doubles().filter(Double::isFinite).map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.booleanNode(false), f.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(4).map(l -> {
            var a = f.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(text(), json(depth - 1))
                .ofMaxSize(4)
                .map(m -> {
                    var o = f.objectNode();
                    m.forEach(o::set);
                    return o;
                });
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, array), Tuple.of(1, object));
    }

    /** Any text but lone surrogates, which UTF-8 cannot carry (the body would not hold what was generated). */
    private static Arbitrary<String> text() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(12);
    }

    /** Compact or with the spaces a pretty printer puts, but on one line: a body line holds no LF. */
    private static String write(JsonNode tree, boolean spaced) {
        try {
            String s = STRICT.writeValueAsString(tree);
            return spaced ? s.replace(",\"", " , \"").replace(":", " : ").replace("[", "[ ") : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return STRICT.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("a decoded payload is not valid JSON: " + json, e);
        }
    }

    static byte[] gzip(byte[] plain) {
        try {
            return BatchDecoderTest.gzip(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
