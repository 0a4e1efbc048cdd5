package dev.uplink.sensor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.uplink.core.Utf8;
import dev.uplink.core.fuzz.DeepJson;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventEnvelopeTest;
import dev.uplink.core.protocol.EventLimits;
import dev.uplink.core.testing.MutableClock;
import dev.uplink.sensor.spool.RecordBuffer;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes what the intake does with each line a client sends: {@link EventJson#requireObject}
 * checks it and {@link EventIntake#prepare} wraps it. Every line is either refused with a reason
 * or becomes one envelope line that is valid JSON, carries the payload unchanged, and is accepted
 * by the collector's {@link EventEnvelope#decode} (so nothing acknowledged is rejected later). Replay a
 * failure with the seed from jqwik's report: {@code @Property(seed = "...")}.
 */
class EventIntakeFuzzTest {

    /** The intake's record limit here: small, so that mutated lines cross it. */
    private static final int MAX_RECORD = 4096;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static Path dir;
    private static Spool spool;
    private static EventIntake intake;
    /** With the production record limit: deep lines are long, and here only their depth may refuse them. */
    private static Spool roomySpool;

    private static EventIntake roomyIntake;

    @BeforeContainer
    static void openSpool() throws IOException {
        dir = Files.createTempDirectory("intake-fuzz");
        spool = Spool.open(
                dir.resolve("spool"),
                SpoolOptions.defaults()
                        .withMaxRecordBytes(MAX_RECORD)
                        .withSegmentBytes(1 << 20)
                        .withMaxBytes(4 << 20)
                        .withMinFreeDiskBytes(0));
        intake = new EventIntake(spool, new EventIdGenerator(), CLOCK);
        roomySpool = Spool.open(
                dir.resolve("roomy"),
                SpoolOptions.defaults()
                        .withSegmentBytes(4 << 20)
                        .withMaxBytes(8 << 20)
                        .withMinFreeDiskBytes(0));
        roomyIntake = new EventIntake(roomySpool, new EventIdGenerator(), CLOCK);
    }

    @AfterContainer
    static void closeSpool() throws IOException {
        spool.close();
        roomySpool.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The lines of the table-driven tests: accepted objects, refused JSON, envelope payloads. */
    static List<byte[]> seeds() {
        List<String> lines = new ArrayList<>(TableRows.column(EventJsonTest.class, "acceptsObjects", 0));
        lines.addAll(TableRows.column(EventJsonTest.class, "refusesEverythingElse", 0));
        lines.addAll(TableRows.column(EventEnvelopeTest.class, "wrapsThePayloadAsSubmitted", 1));
        return lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Provide
    Arbitrary<FuzzBytes> lines() {
        return Arbitraries.oneOf(Mutations.bytes(seeds(), Mutations.JSON), Mutations.randomBytes(300));
    }

    @Provide
    Arbitrary<FuzzBytes> hugeLines() {
        return Mutations.hugeBytes(seeds(), 1 << 20, 4 << 20);
    }

    /** Near the shared nesting limit (the deep-event incident): acknowledged exactly up to it. */
    @Provide
    Arbitrary<DeepJson.Deep> deepLines() {
        return DeepJson.around(EventLimits.MAX_PAYLOAD_DEPTH);
    }

    @Property(tries = 100)
    void deepLinesAreAcceptedExactlyUpToTheCollectorsLimit(@ForAll("deepLines") DeepJson.Deep line) throws Exception {
        // The line reader never passes an LF; the generator uses it as white space.
        byte[] bytes = new String(line.json(), StandardCharsets.UTF_8)
                .replace('\n', ' ')
                .getBytes(StandardCharsets.UTF_8);
        boolean accepted = intake(roomyIntake, new FuzzBytes(bytes));
        assertEquals(line.depth() <= EventLimits.MAX_PAYLOAD_DEPTH, accepted, line.toString());
    }

    /** As the connection calls them: a line (UTF-8, no LF: the line reader made sure) is refused or enveloped. */
    @Property(tries = 1000)
    void linesBecomeEnvelopesOrRefusals(@ForAll("lines") FuzzBytes line) throws Exception {
        intake(line);
    }

    /** Far over the record limit: refused, in linear time (the line reader caps lines, this is the second guard). */
    @Property(tries = 8)
    void hugeLinesAreRefusedOrEnveloped(@ForAll("hugeLines") FuzzBytes line) throws Exception {
        intake(line);
    }

    /** True when the intake accepted the line (its envelope was then checked). */
    private static boolean intake(FuzzBytes line) throws IOException {
        return intake(intake, line);
    }

    private static boolean intake(EventIntake intake, FuzzBytes line) throws IOException {
        nextLine();
        Fuzz.Outcome<EventIntake.Prepared> prepared = Fuzz.parse(line.size(), InvalidEventException.class, () -> {
            EventJson.requireObject(line.bytes());
            return intake.prepare("uid:1000", line.bytes());
        });
        if (prepared.parsed()
                && !contains(line.bytes(), (byte) '\n')
                && Utf8.isValid(line.bytes(), 0, line.bytes().length)) {
            checkEnvelope(prepared.value().record(), line.bytes(), intake.maxEventBytes());
        }
        // The connection's path: the envelope written into its reused buffer, after another record.
        // The same verdict, and the same line but for the id and the time.
        boolean tooLarge = !prepared.parsed()
                && prepared.refusal().getMessage() != null
                && prepared.refusal().getMessage().startsWith("event too large");
        if (prepared.parsed() || tooLarge) {
            RecordBuffer buffer = new RecordBuffer(16);
            int at = buffer.reserve(3);
            buffer.add(at + 3);
            byte[] b = line.bytes();
            String refusal = null;
            try {
                intake.prepareInto(
                        buffer, EventEnvelope.quoteSource("uid:1000"), b, 0, b.length, Utf8.scan(b, 0, b.length));
            } catch (InvalidEventException e) {
                refusal = e.getMessage();
            }
            if (tooLarge) {
                assertEquals(prepared.refusal().getMessage(), refusal);
                assertEquals(1, buffer.count(), "a refused event adds nothing");
            } else {
                assertEquals(null, refusal);
                assertEquals(2, buffer.count());
                byte[] want = prepared.value().record();
                byte[] got = Arrays.copyOfRange(buffer.array(), buffer.offset(1), buffer.offset(1) + buffer.length(1));
                // Stamped at the same instant (the clock moves between lines): the same line but for the id.
                assertEquals(want.length, got.length);
                int id = 7 + 36; // {"id":" and a UUID
                assertTrue(Arrays.equals(want, 0, 7, got, 0, 7), "both begin {\"id\":\"");
                assertTrue(Arrays.equals(want, id, want.length, got, id, got.length), "the envelopes after the id");
                if (!contains(b, (byte) '\n') && Utf8.isValid(b, 0, b.length)) {
                    checkEnvelope(got, b, intake.maxEventBytes()); // its id and time too
                }
            }
        }
        return prepared.parsed();
    }

    /**
     * Each line is stamped at now's second with a fraction of 0, 3, 6 and 9 digits in turn: an
     * envelope's time is 20 to 30 characters long (as Instant.toString), which moves an event near
     * the record limit across it. Both of a line's envelopes are stamped at its instant.
     */
    private static void nextLine() {
        CLOCK.set(Instant.ofEpochSecond(Instant.now().getEpochSecond(), NANOS[line++ % NANOS.length]));
    }

    private static final int[] NANOS = {0, 123_000_000, 123_456_000, 123_456_789};
    private static int line;

    private static final byte[] SOURCE_MARK = "\",\"source\":\"".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(byte[] b, byte[] part) {
        for (int i = 0; i + part.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    private static void checkEnvelope(byte[] record, byte[] payload, int maxRecord) throws IOException {
        assertTrue(record.length <= maxRecord, "the envelope is within the record limit");
        for (byte b : record) {
            assertTrue(b != '\n' && b != '\r', "an envelope is one line without CR");
        }
        JsonNode envelope = STRICT.readTree(record);
        assertEquals(4, envelope.size());
        assertEquals("uid:1000", envelope.get("source").textValue());
        assertEquals(STRICT.readTree(payload), envelope.get("payload"));
        // What the collector does with each line of a batch: accepted, same id, same payload.
        EventEnvelope decoded = Fuzz.neverThrows(record.length, () -> EventEnvelope.decode(record, 0, record.length));
        assertEquals(envelope.get("id").textValue(), decoded.id());
        assertEquals(STRICT.readTree(payload), STRICT.readTree(decoded.payloadJson()));
    }
}
