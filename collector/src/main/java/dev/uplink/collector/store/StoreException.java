package dev.uplink.collector.store;

/** The store could not do its job (disk full, I/O error, locked too long): the caller must not acknowledge. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
