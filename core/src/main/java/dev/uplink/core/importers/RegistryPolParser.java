package dev.uplink.core.importers;

import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a Group Policy {@code Registry.pol} file (PReg): the 4-byte signature {@code PReg}, version 1
 * (LE), then records {@code [key;value;type;size;data]} where the brackets, semicolons and the
 * NUL-terminated key and value names are UTF-16LE and type and size are 4-byte LE integers.
 * Keys carry no hive: the folder the file sits in (Machine or User) decides it.
 *
 * <p>The special value names become {@link RegistryChange.Action}s (see {@link PolSpecialValues}).
 * The whole file is checked before anything is returned.
 */
public final class RegistryPolParser {

    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    static final int SIGNATURE = 0x67655250;
    static final int VERSION = 1;

    private RegistryPolParser() {}

    public static List<RegistryChange> parse(Path file) {
        byte[] bytes = InputFiles.read(file, MAX_FILE_BYTES, "a Registry.pol file");
        return parse(bytes, file.toString());
    }

    public static List<RegistryChange> parse(byte[] content, String fileName) {
        if (content.length > MAX_FILE_BYTES) {
            throw new InvalidInputException(fileName + " is " + content.length
                    + " bytes: expected a Registry.pol file of at most " + MAX_FILE_BYTES + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        if (content.length < 8 || buf.getInt(0) != SIGNATURE) {
            throw new InvalidInputException(
                    fileName + " offset 0: expected the signature 'PReg' (50 52 65 67) of a Registry.pol file");
        }
        int version = buf.getInt(4);
        if (version != VERSION) {
            throw new InvalidInputException(fileName + " offset 4: version " + Integer.toUnsignedString(version)
                    + " is not supported: expected 1");
        }
        buf.position(8);
        List<RegistryChange> changes = new ArrayList<>();
        PolSpecialValues.DeleteKeysBudget budget = new PolSpecialValues.DeleteKeysBudget();
        while (buf.hasRemaining()) {
            readRecord(buf, fileName, changes, budget);
        }
        return List.copyOf(changes);
    }

    private static void readRecord(
            ByteBuffer buf, String fileName, List<RegistryChange> out, PolSpecialValues.DeleteKeysBudget budget) {
        int start = buf.position();
        String origin = fileName + " offset " + start;
        expectChar(buf, '[', fileName, "'[' starting a record");
        String key = readString(buf, fileName, "key");
        expectChar(buf, ';', fileName, "';' after the key");
        String value = readString(buf, fileName, "value name");
        expectChar(buf, ';', fileName, "';' after the value name");
        long type = readUInt(buf, fileName, "type");
        expectChar(buf, ';', fileName, "';' after the type");
        long size = readUInt(buf, fileName, "size");
        expectChar(buf, ';', fileName, "';' after the size");
        if (size > buf.remaining()) {
            throw new InvalidInputException(
                    at(fileName, buf.position()) + ": data size " + size + " goes beyond the end of the file ("
                            + buf.remaining() + " bytes left): the file is truncated or corrupt");
        }
        byte[] data = new byte[(int) size];
        buf.get(data);
        expectChar(buf, ']', fileName, "']' closing the record that starts at offset " + start);
        if (key.isEmpty()) {
            throw new InvalidInputException(origin + ": record has an empty key: expected a key path such as "
                    + "Software\\Policies\\Microsoft\\Windows\\DataCollection");
        }
        RegistryValueType valueType = RegistryValueType.ofCode(type, origin);
        PolSpecialValues.addChanges(key, value, valueType, data, origin, out, budget);
    }

    private static void expectChar(ByteBuffer buf, char c, String fileName, String expected) {
        int pos = buf.position();
        if (buf.remaining() < 2) {
            throw new InvalidInputException(
                    at(fileName, pos) + ": the file ends: expected " + expected + " (truncated file)");
        }
        char found = buf.getChar();
        if (found != c) {
            throw new InvalidInputException(
                    at(fileName, pos) + ": expected " + expected + ", found 0x" + Integer.toHexString(found));
        }
    }

    /** A NUL-terminated UTF-16LE string. */
    private static String readString(ByteBuffer buf, String fileName, String what) {
        int start = buf.position();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (buf.remaining() < 2) {
                throw new InvalidInputException(at(fileName, start) + ": the " + what
                        + " has no terminating NUL before the end of the file (truncated file)");
            }
            char c = buf.getChar();
            if (c == 0) {
                return sb.toString();
            }
            sb.append(c);
        }
    }

    private static long readUInt(ByteBuffer buf, String fileName, String what) {
        if (buf.remaining() < 4) {
            throw new InvalidInputException(at(fileName, buf.position()) + ": the file ends: expected the 4-byte "
                    + what + " (truncated file)");
        }
        return Integer.toUnsignedLong(buf.getInt());
    }

    static String at(String fileName, int offset) {
        return fileName + " offset " + offset;
    }
}
