package dev.trae.aws.training;

import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * A validated {@code s3://bucket/key} location. Immutable.
 *
 * <pre>{@code
 * S3Uri out = S3Uri.parse("output", "s3://my-bucket/training/out/");
 * }</pre>
 */
public final class S3Uri {
    private final String bucket;
    private final String key;

    private S3Uri(String bucket, String key) {
        this.bucket = bucket;
        this.key = key;
    }

    /**
     * Parses and validates {@code uri}; {@code parameter} names it in the error. Bucket names follow the
     * S3 rules (3 to 63 of {@code a-z 0-9 . -}); keys may not hold control characters, {@code ..} segments
     * or exceed 1024 bytes.
     */
    public static S3Uri parse(String parameter, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new TraeValidationException(parameter, "an s3://bucket/key URI is required");
        }
        if (!uri.startsWith("s3://")) {
            throw new TraeValidationException(parameter, "must start with s3://, was " + shorten(uri));
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")
                || bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            throw new TraeValidationException(parameter, "bucket name '" + shorten(bucket)
                    + "' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' or '-')");
        }
        validateKey(parameter, key);
        return new S3Uri(bucket, key);
    }

    static void validateKey(String parameter, String key) {
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new TraeValidationException(parameter, "S3 key is longer than 1024 bytes");
        }
        for (char c : key.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new TraeValidationException(parameter, "S3 key contains a control character");
            }
        }
        for (String seg : key.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new TraeValidationException(parameter, "S3 key may not contain '.' or '..' segments");
            }
        }
    }

    public String bucket() {
        return bucket;
    }

    /** The key or prefix; empty for the bucket root. */
    public String key() {
        return key;
    }

    /** This location with {@code child} appended as a path segment. */
    public S3Uri resolve(String child) {
        String k = key.isEmpty() || key.endsWith("/") ? key + child : key + "/" + child;
        validateKey("key", k);
        return new S3Uri(bucket, k);
    }

    /** This location as a prefix ending in {@code /}. */
    public S3Uri asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Uri(bucket, key + "/");
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3Uri && ((S3Uri) o).bucket.equals(bucket) && ((S3Uri) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
