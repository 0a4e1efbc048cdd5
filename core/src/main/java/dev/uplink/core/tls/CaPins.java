package dev.uplink.core.tls;

import dev.uplink.core.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CAs a service's certificate chain must lead to, as SPKI SHA-256 pins (base64 of the SHA-256
 * of the DER SubjectPublicKeyInfo, the form of HPKP and OkHttp's {@code CertificatePinner}). A
 * chain that validates against the trusted roots but contains none of the pinned keys, neither
 * as sent nor as the anchor it was validated against, is HTTPS inspection by a CA the machine
 * trusts (docs/behaviour.md#certificate-pins). Empty pins pin nothing. Immutable.
 */
public final class CaPins {

    public static final CaPins NONE = new CaPins(List.of());

    static final String EXPECTED = "expected SPKI SHA-256 pins in base64 (44 characters ending in '=', optionally "
            + "prefixed sha256/), separated by ';' or spaces, e.g. i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=";
    private static final Pattern SEPARATORS = Pattern.compile("[;\\s]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{43}=");

    private final List<String> pins;

    private CaPins(List<String> pins) {
        this.pins = List.copyOf(pins);
    }

    /**
     * Parses a pin list such as a catalog's {@code Pins} cell; blank is {@link #NONE}. {@code what}
     * names the input in the error.
     */
    public static CaPins parse(String text, String what) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String word : SEPARATORS.split(text.strip())) {
            String pin = word.regionMatches(true, 0, "sha256/", 0, 7) ? word.substring(7) : word;
            if (!BASE64.matcher(pin).matches() || Base64.getDecoder().decode(pin).length != 32) {
                throw new InvalidInputException(what + " '" + word + "' is not a pin: " + EXPECTED);
            }
            out.add(pin);
        }
        return new CaPins(new ArrayList<>(out));
    }

    /** The pins of these CA certificates (e.g. {@code --pin-file}, an onboarding file's CA). */
    public static CaPins of(List<X509Certificate> cas) {
        Set<String> out = new LinkedHashSet<>();
        cas.forEach(c -> out.add(pinOf(c)));
        return new CaPins(new ArrayList<>(out));
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of {@code cert}'s key. */
    public static String pinOf(X509Certificate cert) {
        try {
            byte[] spki = cert.getPublicKey().getEncoded();
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    public boolean isEmpty() {
        return pins.isEmpty();
    }

    public List<String> values() {
        return pins;
    }

    /**
     * True when the validated chain leads to a pinned key: one of the certificates as sent, or
     * the trust anchor the top certificate was issued by (servers rarely send the root, so
     * the anchor is found among {@code anchors} by name and checked by signature).
     */
    public boolean matches(List<X509Certificate> chain, X509Certificate[] anchors) {
        if (pins.isEmpty()) {
            return true;
        }
        for (X509Certificate c : chain) {
            if (pins.contains(pinOf(c))) {
                return true;
            }
        }
        if (chain.isEmpty()) {
            return false;
        }
        X509Certificate top = chain.get(chain.size() - 1);
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal())
                    && pins.contains(pinOf(anchor))
                    && signed(top, anchor)) {
                return true;
            }
        }
        return false;
    }

    private static boolean signed(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaPins p && p.pins.equals(pins);
    }

    @Override
    public int hashCode() {
        return pins.hashCode();
    }

    /** The catalog form: pins separated by ';'. */
    @Override
    public String toString() {
        return String.join(";", pins);
    }
}
