package dev.trae.aws.robotics.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An object a simulation wrote to its output location.
 *
 * @param bucket       the S3 bucket
 * @param key          the full object key
 * @param size         size in bytes
 * @param lastModified last modification time
 */
public record OutputFile(String bucket, String key, long size, Instant lastModified) {
    public OutputFile {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        lastModified = lastModified == null ? Instant.EPOCH : lastModified;
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
