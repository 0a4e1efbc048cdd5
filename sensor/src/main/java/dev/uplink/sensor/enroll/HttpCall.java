package dev.uplink.sensor.enroll;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * One HTTP exchange, supplied by the caller: the sensor plugs in the shared Connector so that
 * enrollment takes the same routes (proxies, PAC, fallbacks) and trusts the same CA as uploads.
 * Throws IOException when no answer arrived (DNS, TCP, TLS, proxy failure).
 */
@FunctionalInterface
public interface HttpCall {

    Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException;

    record Reply(int status, byte[] body) {}
}
