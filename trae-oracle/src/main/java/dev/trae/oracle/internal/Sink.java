package dev.trae.oracle.internal;

import java.io.IOException;
import java.util.Optional;

/** Where export files go: an S3 prefix or a local directory. Thread-safe. */
interface Sink {
    /** Starts a new object named {@code name} under the export prefix. */
    SinkObject create(String name) throws IOException;

    /** Writes a small object in one request (manifest, incremental state). */
    void putSmall(String name, byte[] content, String contentType) throws IOException;

    Optional<byte[]> getSmall(String name) throws IOException;

    void delete(String name) throws IOException;

    /** Aborts multipart uploads (or removes partial files) left by a killed run for names starting with {@code namePrefix}. */
    int cleanupOrphans(String namePrefix) throws IOException;

    /** The committed objects whose names start with {@code namePrefix}, with their sizes, by name. */
    java.util.SortedMap<String, Long> list(String namePrefix) throws IOException;

    /** The full URI of {@code name}. */
    String uri(String name);
}
