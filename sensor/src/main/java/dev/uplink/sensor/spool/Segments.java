package dev.uplink.sensor.spool;

import dev.uplink.core.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Segment file naming ({@code 00000000000000000042.seg}) and creation. */
final class Segments {
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    private Segments() {}

    static Path path(Path dir, long id) {
        return dir.resolve(String.format("%020d.seg", id));
    }

    /** Segment ids present in {@code dir}, ascending. Other files are ignored. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Creates a segment (mode 0600) with its header, fsyncs it and the directory (the new name must survive a crash). */
    static FileChannel create(Path dir, long id) throws IOException {
        Path file = path(dir, id);
        FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile(file));
        try {
            ByteBuffer h = SegmentHeader.encode();
            while (h.hasRemaining()) {
                ch.write(h);
            }
            ch.force(true);
            FileSync.syncDirectory(dir);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }
}
