package dev.uplink.sensor.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.protocol.EventLimits;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.event.InvalidEventException;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolBatch;
import dev.uplink.sensor.spool.SpoolOptions;
import dev.uplink.sensor.spool.SpoolRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Spool spool;
    private IntakeServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        spool = Spool.open(
                dir.resolve("spool"),
                SpoolOptions.defaults()
                        .withMaxRecordBytes(4096)
                        .withSegmentBytes(1 << 20)
                        .withMaxBytes(8 << 20)
                        .withMinFreeDiskBytes(0));
        socket = dir.resolve("sensor.sock");
        server = IntakeServer.start(
                socket, "root", new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC()), 8);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        spool.close();
    }

    private List<JsonNode> stored() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        SpoolBatch b = spool.readBatch(10_000, Long.MAX_VALUE);
        for (SpoolRecord r : b.records()) {
            out.add(JSON.readTree(r.payload()));
        }
        return out;
    }

    @Test
    void roundTripAcksEachLineAfterStoringIt() throws Exception {
        List<IntakeAck> acks = new ArrayList<>();
        IntakeClient.Result r = new IntakeClient(socket, Duration.ofSeconds(10))
                .send(
                        List.of("{\"kind\":\"a\"}", "not json", "", "[1]", "{\"kind\":\"b\",\n \"n\": 2}")
                                .iterator(),
                        acks::add);
        assertEquals(new IntakeClient.Result(4, 2, 2), r);
        assertTrue(acks.get(0).ok());
        assertFalse(acks.get(1).ok());
        assertTrue(
                acks.get(1).error().startsWith("line 2: not valid JSON"),
                acks.get(1).error());
        assertTrue(
                acks.get(2).error().contains("expected a JSON object, got array"),
                acks.get(2).error());
        assertTrue(acks.get(3).ok());
        List<JsonNode> events = stored();
        assertEquals(2, events.size(), "nothing stored for refused lines");
        assertEquals(acks.get(0).id(), events.get(0).get("id").asText());
        assertEquals("a", events.get(0).at("/payload/kind").asText());
        assertEquals(2, events.get(1).at("/payload/n").asInt());
        assertEquals("socket:root", events.get(0).get("source").asText());
        assertTrue(events.get(0).get("receivedAt").asText().endsWith("Z"));
    }

    @Test
    void aConnectivityCheckFromTheSensorsOwnUserKeepsItsSource() throws Exception {
        // the test runs as the daemon's user (or root): what 'uplink sensor check' does with a running sensor
        IntakeClient.Result r = new IntakeClient(socket, Duration.ofSeconds(10))
                .send(
                        List.of(
                                        "{\"type\":\"uplink.connectivity\",\"schema\":1,\"results\":[]}",
                                        "{\"type\":\"uplink.connectivity\",\"schema\":2}",
                                        "{\"note\":\"uplink.connectivity\"}")
                                .iterator(),
                        a -> {});
        assertEquals(3, r.stored());
        List<JsonNode> events = stored();
        assertEquals("connectivity", events.get(0).get("source").asText());
        assertTrue(
                events.get(1).get("source").asText().startsWith("socket"),
                events.get(1).toString());
        assertTrue(
                events.get(2).get("source").asText().startsWith("socket"),
                events.get(2).toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"uplink.connectivity\",\"schema\":1}|true|connectivity",
                "{\"type\":\"uplink.connectivity\",\"schema\":1}|false|REFUSED",
                "{\"type\":\"uplink.connectivity\",\"schema\":2}|false|socket:alice",
                "{\"note\":\"uplink.connectivity\"}|false|socket:alice",
                "{\"type\":\"process\"}|true|socket:alice"
            })
    void onlyTheSensorsOwnUserMaySubmitAConnectivityCheck(String json, boolean trusted, String expected)
            throws Exception {
        byte[] line = json.getBytes(StandardCharsets.UTF_8);
        if (expected.equals("REFUSED")) {
            InvalidEventException e = assertThrows(
                    InvalidEventException.class, () -> IntakeConnection.sourceFor(line, "socket:alice", trusted));
            assertTrue(e.getMessage().contains("only from the sensor's own user or root"), e.getMessage());
        } else {
            assertEquals(expected, IntakeConnection.sourceFor(line, "socket:alice", trusted));
        }
    }

    @Test
    void manyLinesOnOneConnectionAreAllAcknowledgedInOrder() throws Exception {
        List<IntakeAck> acks = new ArrayList<>();
        List<String> lines = IntStream.range(0, 5000)
                .mapToObj(i -> "{\"i\":" + i + ",\"pad\":\"" + "z".repeat(200) + "\"}")
                .toList();
        IntakeClient.Result r = new IntakeClient(socket, Duration.ofSeconds(30)).send(lines.iterator(), acks::add);
        assertTrue(r.allStored(), r.toString());
        List<JsonNode> events = stored();
        assertEquals(5000, events.size());
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, events.get(i).at("/payload/i").asInt());
            assertEquals(acks.get(i).id(), events.get(i).get("id").asText());
        }
    }

    /**
     * The deep-event incident: a payload one level deeper than the collector takes is refused at
     * intake with the reason and nothing stored; one at the limit is stored (and the e2e test
     * shows the collector takes it).
     */
    @Test
    void eventNestedPastTheCollectorsLimitIsRefusedAtIntake() throws Exception {
        int limit = EventLimits.MAX_PAYLOAD_DEPTH;
        List<IntakeAck> acks = new ArrayList<>();
        IntakeClient.Result r = new IntakeClient(socket, Duration.ofSeconds(10))
                .send(List.of(nested(limit + 1), nested(limit)).iterator(), acks::add);
        assertEquals(new IntakeClient.Result(2, 1, 1), r);
        assertEquals(
                "line 1: over a limit: nested more than " + limit + " levels deep (objects and arrays)",
                acks.get(0).error());
        assertTrue(acks.get(1).ok());
        List<JsonNode> events = stored();
        assertEquals(1, events.size(), "nothing stored for the refused line");
        assertEquals(acks.get(1).id(), events.get(0).get("id").asText());
    }

    /** An object {@code depth} levels deep, compact enough for this test's 4 KiB record limit. */
    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    /** A raw client waits for one answer per line it wrote: white space alone gets a refusal, not silence. */
    @Test
    void whitespaceOnlyLineIsAnswered() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(" \t \n\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            IntakeAck first = IntakeAck.parse(in.readLine());
            assertEquals(IntakeAck.refused("line 1: blank line (only white space); expected a JSON object"), first);
            IntakeAck second = IntakeAck.parse(in.readLine());
            assertTrue(second.ok(), second.toString());
            assertEquals(null, in.readLine(), "the empty line 2 gets no answer, and nothing else does");
        }
        assertEquals(1, stored().size());
    }

    @Test
    void oversizedLineIsRefusedAndTheConnectionContinues() throws Exception {
        List<IntakeAck> acks = new ArrayList<>();
        new IntakeClient(socket, Duration.ofSeconds(10))
                .send(
                        List.of("{\"big\":\"" + "x".repeat(10_000) + "\"}", "{\"small\":1}")
                                .iterator(),
                        acks::add);
        assertTrue(acks.get(0).error().contains("too long"), acks.get(0).error());
        assertTrue(acks.get(1).ok());
        assertEquals(1, stored().size());
    }

    @Test
    void socketIsRestrictedToOwnerAndGroup() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(
                "root",
                Files.readAttributes(socket, java.nio.file.attribute.PosixFileAttributes.class)
                        .group()
                        .getName());
        assertEquals("root", server.appliedGroup());
    }

    @Test
    void secondServerOnALiveSocketIsRefusedAndStaleSocketsAreReplaced() throws Exception {
        IOException e = assertThrows(IOException.class, () -> IntakeServer.start(socket, null, null, 1));
        assertTrue(e.getMessage().contains("already listening"));
        Path stale = dir.resolve("stale.sock");
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        IntakeServer.start(stale, "no-such-group-xyz", null, 1).close();
        assertFalse(Files.exists(stale));
    }

    @Test
    void clientReportsAMissingDaemonClearly() {
        IOException e = assertThrows(
                IOException.class,
                () -> new IntakeClient(dir.resolve("nothing.sock"), Duration.ofSeconds(1))
                        .send(List.of("{}").iterator(), a -> {}));
        assertTrue(e.getMessage().contains("is 'uplink sensor run' running?"), e.getMessage());
    }
}
