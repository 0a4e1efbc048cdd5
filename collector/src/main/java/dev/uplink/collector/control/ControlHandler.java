package dev.uplink.collector.control;

import java.io.IOException;

/** What the control socket answers (the service's own store is already checked to be the one asked for). */
@FunctionalInterface
public interface ControlHandler {
    /** The answer's bytes, or null when the command should answer it itself (e.g. to word an error). */
    byte[] answer(ControlRequest request) throws IOException;
}
