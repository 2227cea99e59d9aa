package dev.trae.aws.robotics.model;

import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * A bucket and key prefix, such as a simulation's output location.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing '/', possibly empty
 */
public record S3Location(String bucket, String prefix) {
    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
            throw new TraeValidationException("bucket", "must be a valid S3 bucket name (3-63 lowercase letters, digits, '.', '-'), was '"
                    + (bucket.length() > 70 ? bucket.substring(0, 70) + "..." : bucket) + "'");
        }
        if (prefix.length() > 900 || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || prefix.contains("//")
                || ("/" + prefix + "/").contains("/../") || ("/" + prefix + "/").contains("/./")) {
            throw new TraeValidationException("prefix", "must be at most 900 characters without control characters, '//', '.' or '..' segments");
        }
    }

    /** Parses {@code s3://bucket/prefix}. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new TraeValidationException("s3Uri", "must start with s3://");
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /**
     * The key prefix of one job's outputs: {@code prefix/<jobId>/}, and for the child {@code <parentId>:<index>} of an
     * array job {@code prefix/<parentId>/<index>/}.
     */
    public String keyPrefixFor(String jobId) {
        return (prefix.isEmpty() ? "" : prefix + "/") + jobId.replace(':', '/') + "/";
    }

    /** {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return uri();
    }
}
