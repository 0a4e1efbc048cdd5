package dev.uplink.sensor.spool;

import java.io.IOException;

/** Receives record payloads as slices of the spool's read buffer, valid only during the call. */
@FunctionalInterface
public interface PayloadSink {
    void accept(byte[] buf, int off, int len) throws IOException;
}
