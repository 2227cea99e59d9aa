package dev.trae.oracle.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A local directory: each file is written as {@code .name.partial}, fsynced, then renamed atomically. */
final class LocalSink implements Sink {
    private final Path dir;

    LocalSink(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    private Path target(String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir.normalize())) {
            throw new IllegalArgumentException("name escapes the export directory");
        }
        return p;
    }

    @Override
    public SinkObject create(String name) throws IOException {
        Path target = target(name);
        Path tmp = dir.resolve("." + name + ".partial");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        return new SinkObject() {
            private boolean done;

            @Override
            protected void store(byte[] b, int off, int len) throws IOException {
                os.write(b, off, len);
            }

            @Override
            protected void doCommit() throws IOException {
                os.flush();
                ch.force(true);
                os.close();
                move(tmp, target);
                done = true;
            }

            @Override
            void abort() {
                if (done) {
                    return;
                }
                try {
                    os.close();
                } catch (IOException ignored) {
                    // discarding
                }
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; cleanupOrphans removes it on resume
                }
            }
        };
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void putSmall(String name, byte[] content, String contentType) throws IOException {
        Path tmp = dir.resolve("." + name + ".partial");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        move(tmp, target(name));
    }

    @Override
    public Optional<byte[]> getSmall(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(target(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(target(name));
    }

    @Override
    public int cleanupOrphans(String namePrefix) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + namePrefix + "*.partial")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    @Override
    public java.util.SortedMap<String, Long> list(String namePrefix) throws IOException {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(namePrefix) && Files.isRegularFile(p)) {
                    out.put(n, Files.size(p));
                }
            }
        }
        return out;
    }

    @Override
    public String uri(String name) {
        return target(name).toUri().toString();
    }
}
