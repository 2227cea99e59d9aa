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

import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Uploads a local file or folder under an S3 prefix, with SSE-KMS when a key id is given. Not API. */
public final class S3Uploader {
    private final S3Client s3;
    private final Resilience resilience;
    private final Optional<String> kmsKeyId;

    public S3Uploader(S3Client s3, Resilience resilience, Optional<String> kmsKeyId) {
        this.s3 = s3;
        this.resilience = resilience;
        this.kmsKeyId = kmsKeyId;
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
            PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key);
            kmsKeyId.ifPresent(id -> req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
            PutObjectRequest r = req.build();
            resilience.call("s3", "PutObject", () -> s3.putObject(r, RequestBody.fromFile(f)));
            keys.add(key);
        }
        return keys;
    }
}
