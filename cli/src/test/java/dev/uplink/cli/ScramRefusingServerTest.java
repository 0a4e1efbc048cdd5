package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The training's stand-in server takes the PostgreSQL driver through a whole SCRAM login, then refuses it. */
class ScramRefusingServerTest {

    @Test
    void theDriverComputesItsProofAndIsRefused() throws Exception {
        ScramRefusingServer server = ScramRefusingServer.start();
        SQLException e;
        try {
            Properties p = new Properties();
            p.setProperty("user", "cds");
            p.setProperty("password", "cds-training");
            e = assertThrows(
                    SQLException.class,
                    () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/cds", p)
                            .close());
        } finally {
            server.close(); // waits for the server's one connection to end
        }
        assertEquals("28P01", e.getSQLState(), e.toString());
        String proof = server.clientFinalMessage();
        assertTrue(proof != null && proof.startsWith("c=biws,r=") && proof.contains(",p="), String.valueOf(proof));
    }

    /** Any local process may reach the port first: a length it claims is checked before it is allocated. */
    @Test
    void aClaimedHugeMessageEndsTheConnectionWithoutAllocatingIt() throws Exception {
        ScramRefusingServer server = ScramRefusingServer.start();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
        } finally {
            server.close();
        }
        assertEquals(null, server.clientFinalMessage());
    }
}
