package dev.trae.ocr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.spi.ServiceClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where a sharded OCR run keeps its results: a local (or mounted) directory or an S3 prefix. Every write is whole or
 * absent (a temporary file moved into place; one S3 PUT), so a process killed mid-write leaves no half record.
 */
interface ResultStore extends AutoCloseable {

    /** The names under {@code dir} (one level, "results" or "errors"), without the directory. */
    Set<String> list(String dir);

    void put(String name, byte[] data);

    byte[] get(String name);

    void delete(String name);

    /** Where it is, for messages. */
    String describe();

    @Override
    default void close() {
    }

    /** A directory; created when missing. */
    static ResultStore local(Path root) {
        return new ResultStore() {
            @Override
            public Set<String> list(String dir) {
                Path d = root.resolve(dir);
                if (!Files.isDirectory(d)) {
                    return Set.of();
                }
                try (Stream<Path> s = Files.list(d)) {
                    Set<String> out = new TreeSet<>();
                    s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(out::add);
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void put(String name, byte[] data) {
                try {
                    Path target = root.resolve(name);
                    Files.createDirectories(target.getParent());
                    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
                    try {
                        Files.write(tmp, data);
                        try {
                            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        } catch (AtomicMoveNotSupportedException e) {
                            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] get(String name) {
                try {
                    return Files.readAllBytes(root.resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void delete(String name) {
                try {
                    Files.deleteIfExists(root.resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return root.toString();
            }
        };
    }

    /** An S3 prefix, through a guarded client (retries, error translation). */
    static ResultStore s3(ServiceClient<S3Client> s3, S3Location root) {
        S3Location prefix = root.asPrefix();
        return new ResultStore() {
            @Override
            public Set<String> list(String dir) {
                Set<String> out = new TreeSet<>();
                String p = prefix.key() + dir + "/";
                for (S3Object o : listAll(s3, prefix.bucket(), p)) {
                    out.add(o.key().substring(p.length()));
                }
                return out;
            }

            @Override
            public void put(String name, byte[] data) {
                s3.call("PutObject", c -> c.putObject(b -> b.bucket(prefix.bucket()).key(prefix.key() + name), RequestBody.fromBytes(data)));
            }

            @Override
            public byte[] get(String name) {
                return s3.call("GetObject", c -> c.getObjectAsBytes(b -> b.bucket(prefix.bucket()).key(prefix.key() + name))).asByteArray();
            }

            @Override
            public void delete(String name) {
                s3.call("DeleteObject", c -> c.deleteObject(b -> b.bucket(prefix.bucket()).key(prefix.key() + name)));
            }

            @Override
            public String describe() {
                return prefix.uri();
            }
        };
    }

    /** Every object under {@code prefix}, page by page (each page one guarded call). */
    static List<S3Object> listAll(ServiceClient<S3Client> s3, String bucket, String prefix) {
        List<S3Object> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder rb = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                rb.continuationToken(token);
            }
            ListObjectsV2Request req = rb.build();
            ListObjectsV2Response r = s3.call("ListObjectsV2", c -> c.listObjectsV2(req));
            out.addAll(r.contents());
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }
}
