package dev.uplink.core.importers;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A decoded registry value: the shape of the data follows its type. */
public sealed interface RegistryValue {

    RegistryValueType type();

    /** For messages: the type and the data, e.g. {@code REG_DWORD 2} or {@code REG_SZ "10.0.0.6:8080"}. */
    String display();

    /** REG_SZ, REG_EXPAND_SZ (unexpanded: {@code %SystemRoot%} stays as written) and REG_LINK. */
    record Text(RegistryValueType type, String text) implements RegistryValue {
        @Override
        public String display() {
            return type + " \"" + text + "\"";
        }
    }

    /** REG_DWORD and REG_DWORD_BIG_ENDIAN (unsigned 32-bit, so a long), REG_QWORD (two's complement). */
    record Number(RegistryValueType type, long value) implements RegistryValue {
        @Override
        public String display() {
            return type + " " + value;
        }
    }

    /** REG_MULTI_SZ: the strings without their NUL separators and the final empty string. */
    record MultiText(List<String> texts) implements RegistryValue {
        public MultiText {
            texts = List.copyOf(texts);
        }

        @Override
        public RegistryValueType type() {
            return RegistryValueType.REG_MULTI_SZ;
        }

        @Override
        public String display() {
            return "REG_MULTI_SZ " + texts;
        }
    }

    /** Every other type (REG_BINARY, REG_NONE, resource lists): raw bytes. */
    record Binary(RegistryValueType type, byte[] bytes) implements RegistryValue {
        public Binary {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String display() {
            return type + " " + HexFormat.ofDelimiter(",").formatHex(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && b.type == type && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + display() + "]";
        }
    }
}
