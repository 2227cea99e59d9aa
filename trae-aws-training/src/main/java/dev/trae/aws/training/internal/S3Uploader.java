package dev.trae.aws.training.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.MultipartUpload;
import dev.trae.aws.core.spi.ServiceClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a local file or folder under an S3 prefix through core's {@link MultipartUpload} (parallel parts, each
 * retried on its own, aborted on failure), with SSE-KMS when a key id is given, reporting bytes done of the total.
 * Not API.
 */
public final class S3Uploader {
    private final ServiceClient<S3Client> s3;
    private final Optional<String> kmsKeyId;
    private final long partSize;
    private final int parallelism;
    private final BiConsumer<Long, Long> progress;

    public S3Uploader(ServiceClient<S3Client> s3, Optional<String> kmsKeyId, long partSize, int parallelism, BiConsumer<Long, Long> progress) {
        this.s3 = s3;
        this.kmsKeyId = kmsKeyId;
        this.partSize = partSize;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    /**
     * Uploads {@code local} (a regular file, or every regular file under a folder; symbolic links are
     * skipped) to {@code bucket}/{@code prefix}; returns the keys written.
     */
    public List<String> upload(Path local, String bucket, String prefix) {
        List<Path> files = new ArrayList<>();
        Path root = local.toAbsolutePath().normalize();
        if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
            files.add(root);
        } else if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
        } else {
            throw new TraeValidationException("channel", "local data must be a regular file or a folder (not a link): " + local);
        }
        if (files.isEmpty()) {
            throw new TraeValidationException("channel", "local folder " + local + " holds no files to upload");
        }
        String base = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        long all = total;
        AtomicLong before = new AtomicLong();
        List<String> keys = new ArrayList<>();
        for (Path f : files) {
            Path rel = Files.isDirectory(root) ? root.relativize(f) : f.getFileName();
            StringBuilder k = new StringBuilder(base);
            for (int i = 0; i < rel.getNameCount(); i++) {
                String seg = rel.getName(i).toString();
                if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
                    throw new TraeValidationException("channel", "refusing path segment '" + seg + "' in " + f);
                }
                k.append(i == 0 ? "" : "/").append(seg);
            }
            String key = k.toString();
            if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024 || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new TraeValidationException("channel", "file name not usable as an S3 key: " + f.getFileName().toString().replaceAll("\\p{Cntrl}", "?"));
            }
            long base0 = before.get();
            MultipartUpload up = MultipartUpload.builder(s3).partSize(partSize).parallelism(parallelism).kmsKeyId(kmsKeyId)
                    .progress((done, size) -> progress.accept(base0 + done, all)).build();
            before.addAndGet(up.upload(f, bucket, key).bytes());
            keys.add(key);
        }
        return keys;
    }
}
