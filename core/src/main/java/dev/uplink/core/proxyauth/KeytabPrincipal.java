package dev.uplink.core.proxyauth;

import dev.uplink.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first principal of a keytab (MIT format 0x0502, as {@code kadmin ktadd} and {@code ktpass}
 * write), for {@code proxyauth set negotiate} without {@code --principal}: the JDK's login module
 * would otherwise ask for a name, and uplink never prompts. Reads only the entry header, never a key.
 */
final class KeytabPrincipal {

    private static final int MAX_ENTRY = 64 * 1024;
    private static final int MAX_COMPONENTS = 16;

    private KeytabPrincipal() {}

    static String first(Path keytab) {
        try (InputStream raw = Files.newInputStream(keytab);
                DataInputStream in = new DataInputStream(raw)) {
            int version = in.readUnsignedShort();
            if (version != 0x0502) {
                throw bad(keytab, "version 0x" + Integer.toHexString(version) + ", expected 0x0502");
            }
            while (true) {
                int size = in.readInt();
                if (size < 0) {
                    in.skipNBytes(-(long) size); // a deleted entry
                    continue;
                }
                if (size > MAX_ENTRY) {
                    throw bad(keytab, "an entry of " + size + " bytes");
                }
                int components = in.readUnsignedShort();
                if (components == 0 || components > MAX_COMPONENTS) {
                    throw bad(keytab, components + " name components");
                }
                String realm = string(in);
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < components; i++) {
                    name.append(i == 0 ? "" : "/").append(string(in));
                }
                return name + "@" + realm;
            }
        } catch (EOFException e) {
            throw bad(keytab, "no principal in it");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the keytab " + keytab + ": " + e.getMessage());
        }
    }

    private static String string(DataInputStream in) throws IOException {
        int len = in.readUnsignedShort();
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new EOFException();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static InvalidInputException bad(Path keytab, String what) {
        return new InvalidInputException(keytab + " is not a usable keytab (" + what
                + "): expected an MIT keytab as written by 'kadmin ktadd' or 'ktpass'");
    }
}
