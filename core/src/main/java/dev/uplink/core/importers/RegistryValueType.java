package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;

/** The registry value types by their winnt.h codes, as {@code .reg} {@code hex(N):} and Registry.pol records give them. */
public enum RegistryValueType {
    REG_NONE(0),
    REG_SZ(1),
    REG_EXPAND_SZ(2),
    REG_BINARY(3),
    REG_DWORD(4),
    REG_DWORD_BIG_ENDIAN(5),
    REG_LINK(6),
    REG_MULTI_SZ(7),
    REG_RESOURCE_LIST(8),
    REG_FULL_RESOURCE_DESCRIPTOR(9),
    REG_RESOURCE_REQUIREMENTS_LIST(10),
    REG_QWORD(11);

    private final int code;

    RegistryValueType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The type for a code. Unknown codes are refused rather than carried as opaque bytes: policy
     * files never need them, and a strange code is more likely a corrupt file than a new type.
     */
    public static RegistryValueType ofCode(long code, String where) {
        for (RegistryValueType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new InvalidInputException(
                where + ": value type " + code
                        + " is not a registry value type: expected 0-11 (REG_SZ=1, REG_EXPAND_SZ=2, REG_BINARY=3, REG_DWORD=4, REG_MULTI_SZ=7, REG_QWORD=11)");
    }
}
