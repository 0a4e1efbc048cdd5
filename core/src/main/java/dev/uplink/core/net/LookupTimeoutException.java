package dev.uplink.core.net;

import java.net.UnknownHostException;

/** A bounded lookup ran out of time: the name may exist, the resolver did not answer in time. */
public final class LookupTimeoutException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    public LookupTimeoutException(String message) {
        super(message);
    }
}
