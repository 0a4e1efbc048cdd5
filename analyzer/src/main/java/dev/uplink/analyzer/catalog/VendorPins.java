package dev.uplink.analyzer.catalog;

import dev.uplink.core.tls.CaPins;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The roots the vendor's HTTPS services chain to, as SPKI SHA-256 pins: the built-in catalog's
 * {@code Pins} and the default for rows imported from the vendor's sheet
 * (docs/behaviour.md#built-in-pins). Microsoft moves its services between issuing CAs under these
 * roots (RSA and ECC, DigiCert and its own), so every HTTPS family gets the whole set: a narrower
 * pin would turn the next rotation into a false {@code tls-intercepted}. {@code VendorPinsTest}
 * re-derives every value from the certificates in the Debian trust store.
 */
public final class VendorPins {

    /** Root name (as in /etc/ssl/certs, without .pem) → pin. */
    public static final Map<String, String> ROOTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DigiCert_Global_Root_G2", "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=");
        m.put("DigiCert_Global_Root_G3", "uUwZgwDOxcBXrQcntwu+kYFpkiVkOaezL0WYEZ3anJc=");
        m.put("DigiCert_Global_Root_CA", "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=");
        m.put("Microsoft_RSA_Root_Certificate_Authority_2017", "svcpi1K/LDysTd/nLeTWgqxYlXWVmC8rYjAa9ZfGmcU=");
        m.put("Microsoft_ECC_Root_Certificate_Authority_2017", "NfU84SZGEeAzQP434ex9TMmGxWE9ynD9BKpEVF8tryg=");
        ROOTS = java.util.Collections.unmodifiableMap(m);
    }

    /** Every HTTPS endpoint of the built-in catalog. */
    public static final CaPins MICROSOFT_SERVICES =
            CaPins.parse(ROOTS.values().stream().collect(Collectors.joining(";")), "built-in pins");

    private VendorPins() {}

    /** The pins a row of the vendor's own list gets: the set above for HTTPS (port 443), none for plain HTTP. */
    public static CaPins forPort(int port) {
        return port == 80 ? CaPins.NONE : MICROSOFT_SERVICES;
    }
}
