package dev.trae.aws.robotics.internal;

import java.util.Objects;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;

/**
 * The rules of a simulation's output location on top of core's {@link S3Location}: the key is a prefix kept without
 * leading or trailing {@code /}, at most 900 characters (room for the job id below it), without control characters,
 * {@code //}, {@code .} or {@code ..} segments; each job writes below {@code prefix/<jobId>/}. Not API.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** Parses {@code s3://bucket/prefix}; {@code s3Uri} names a bad scheme in the error, as before. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new TraeValidationException("s3Uri", "must start with s3://");
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        return slash < 0 ? of(rest, "") : of(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** A bucket and key prefix, checked and normalised (see the class comment). */
    public static S3Location of(String bucket, String prefix) {
        Objects.requireNonNull(bucket, "bucket");
        S3Location.validateBucket("bucket", bucket);
        String p = prefix == null ? "" : prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.length() > 900 || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || p.contains("//")
                || ("/" + p + "/").contains("/../") || ("/" + p + "/").contains("/./")) {
            throw new TraeValidationException("prefix", "must be at most 900 characters without control characters, '//', '.' or '..' segments");
        }
        return S3Location.of(bucket, p);
    }

    /** {@code location} checked and normalised by {@link #of(String, String)}. */
    public static S3Location normalize(S3Location location) {
        return of(location.bucket(), location.key());
    }

    /**
     * The key prefix of one job's outputs: {@code prefix/<jobId>/}, and for the child {@code <parentId>:<index>} of an
     * array job {@code prefix/<parentId>/<index>/}.
     */
    public static String keyPrefix(S3Location location, String jobId) {
        String p = normalize(location).key();
        return (p.isEmpty() ? "" : p + "/") + jobId.replace(':', '/') + "/";
    }

    /** {@code s3://bucket/prefix} without a trailing {@code /}: the {@code TRAE_OUTPUT_URI} the containers get. */
    public static String uri(S3Location location) {
        String p = normalize(location).key();
        return "s3://" + location.bucket() + (p.isEmpty() ? "" : "/" + p);
    }
}
