package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the DHCP leases the operating system already holds — passive WPAD, no packet sent. Each
 * file's format is recognised from its content (dhclient {@code lease { }} blocks, else the
 * systemd form), because NetworkManager keeps both kinds side by side.
 */
public final class DhcpLeaseReader {

    /** Lease files are small; anything bigger is not one and is not read into memory. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    static final int MAX_FILES_PER_DIR = 64;

    private static final Pattern DHCLIENT_BLOCK = Pattern.compile("(?m)^\\s*lease\\s*\\{");
    private static final Pattern NM_LEASE_NAME =
            Pattern.compile("(?:internal|dhclient6?)-[0-9a-fA-F-]{36}-(.+)\\.lease");
    private static final Pattern IFINDEX_NAME = Pattern.compile("\\d{1,9}");

    /** The leases read, newest file first, and one problem line per file that could not be used. */
    public record Scan(List<DhcpLease> leases, List<String> problems, int filesRead) {
        public Scan {
            leases = List.copyOf(leases);
            problems = List.copyOf(problems);
        }
    }

    private final List<LeaseDirectory> directories;
    private final IntFunction<String> interfaceByIndex;

    public DhcpLeaseReader(List<LeaseDirectory> directories) {
        this(directories, DhcpLeaseReader::systemInterfaceName);
    }

    DhcpLeaseReader(List<LeaseDirectory> directories, IntFunction<String> interfaceByIndex) {
        this.directories = List.copyOf(directories);
        this.interfaceByIndex = interfaceByIndex;
    }

    public Scan scan() {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (LeaseDirectory d : directories) {
            if (!Files.isDirectory(d.dir())) {
                continue;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(d.dir(), d.glob())) {
                int n = 0;
                for (Path p : stream) {
                    if (Files.isRegularFile(p) && n++ < MAX_FILES_PER_DIR) {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                problems.add(d.dir() + ": cannot list: " + e.getMessage());
            }
        }
        files.sort(Comparator.comparing(DhcpLeaseReader::modified).reversed());
        List<DhcpLease> leases = new ArrayList<>();
        for (Path file : files) {
            try {
                leases.addAll(read(file));
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            }
        }
        return new Scan(leases, problems, files.size());
    }

    /** The usable leases in one file; for a dhclient database the newest block per interface comes first. */
    List<DhcpLease> read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new InvalidInputException(
                    file + " is larger than " + MAX_FILE_BYTES + " bytes: not a DHCP lease file");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        String source = file.toString();
        if (DHCLIENT_BLOCK.matcher(text).find()) {
            List<DhcpLease> blocks = new ArrayList<>(DhclientLeaseParser.parse(text, source));
            java.util.Collections.reverse(blocks);
            Map<String, DhcpLease> newestPerInterface = new java.util.LinkedHashMap<>();
            for (DhcpLease l : blocks) {
                newestPerInterface.putIfAbsent(l.interfaceName().orElse(""), l);
            }
            return List.copyOf(newestPerInterface.values());
        }
        DhcpLease lease = NetworkdLeaseParser.parse(text, source + " (systemd)");
        return List.of(lease.withInterfaceName(interfaceFromFileName(name)));
    }

    private String interfaceFromFileName(String name) {
        if (IFINDEX_NAME.matcher(name).matches()) {
            return interfaceByIndex.apply(Integer.parseInt(name));
        }
        Matcher m = NM_LEASE_NAME.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    private static String systemInterfaceName(int index) {
        try {
            NetworkInterface ni = NetworkInterface.getByIndex(index);
            return ni == null ? null : ni.getName();
        } catch (SocketException e) {
            return null;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
