package dev.uplink.collector.health;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;
import java.util.Arrays;

/**
 * An address range in CIDR form, {@code 10.1.2.0/24} or {@code fd00:1::/64}
 * (docs/behaviour.md#sites). Parsed strictly and without DNS: the address must be a literal and
 * must have no bits set after the prefix, so that a range means exactly what it says.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code text}; throws {@link InvalidInputException} naming the input and the expected form. */
    public static Cidr parse(String text) {
        String expected = "expected ADDRESS/PREFIX, e.g. 10.1.2.0/24 or fd00:1::/64";
        if (text.length() > 64) {
            throw new InvalidInputException("CIDR of " + text.length() + " characters is too long; " + expected);
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new InvalidInputException("CIDR '" + text + "': " + expected);
        }
        String address = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        byte[] bytes = IpLiteral.parseBytes(address);
        if (bytes == null) {
            throw new InvalidInputException(
                    "CIDR '" + text + "': '" + address + "' is not an IPv4 or IPv6 address; " + expected);
        }
        int max = bytes.length * 8;
        if (!bits.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(bits) > max) {
            throw new InvalidInputException(
                    "CIDR '" + text + "': the prefix length must be a number from 0 to " + max + "; " + expected);
        }
        int prefix = Integer.parseInt(bits);
        byte[] network = masked(bytes, prefix);
        if (!Arrays.equals(network, bytes)) {
            throw new InvalidInputException("CIDR '" + text + "' has bits set after the prefix; did you mean "
                    + IpLiteral.format(network) + "/" + prefix + "?");
        }
        return new Cidr(network, prefix);
    }

    /** The /24 (IPv4) or /64 (IPv6) containing {@code address}, for automatic sites; null when it is no literal. */
    public static Cidr automatic(String address) {
        byte[] bytes = address == null ? null : IpLiteral.parseBytes(address);
        if (bytes == null) {
            return null;
        }
        int prefix = bytes.length == 4 ? 24 : 64;
        return new Cidr(masked(bytes, prefix), prefix);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    public int prefix() {
        return prefix;
    }

    /** Whether {@code address} (a literal) is in this range; different families never match. */
    public boolean contains(String address) {
        byte[] bytes = address == null ? null : IpLiteral.parseBytes(address);
        return bytes != null && bytes.length == network.length && Arrays.equals(masked(bytes, prefix), network);
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
