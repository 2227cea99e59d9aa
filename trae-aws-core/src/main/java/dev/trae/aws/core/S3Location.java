package dev.trae.aws.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated S3 bucket and key (or key prefix): the one S3 location type of every module. Bucket names
 * follow the general-purpose bucket naming rules of the S3 User Guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3 to 63 characters of
 * lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two adjacent
 * dots, not formatted as an IP address, and none of the reserved prefixes ({@code xn--}, {@code sthree-},
 * {@code amzn-s3-demo-}) or suffixes ({@code -s3alias}, {@code --ol-s3}, {@code .mrap}, {@code --x-s3},
 * {@code --table-s3}). Keys are at most 1,024 bytes of UTF-8
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html) and contain no NUL or other
 * control characters. Immutable.
 *
 * <pre>{@code
 * S3Location out = S3Location.parse("s3://fuel-exports/incidents/2026/");
 * S3Location file = out.resolve("part-0001.csv");
 * }</pre>
 */
public final class S3Location {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_KEY_BYTES = 1024;

    private final String bucket;
    private final String key;

    private S3Location(String bucket, String key) {
        this.bucket = bucket;
        this.key = key;
    }

    /** A location; {@code key} may be empty (the bucket's root) and may end with {@code /} (a prefix). */
    public static S3Location of(String bucket, String key) {
        validateBucket("bucket", bucket);
        validateKey("key", key);
        return new S3Location(bucket, key);
    }

    /** Parses {@code s3://bucket/key}; the key may be empty. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new TraeValidationException("uri", "an s3://bucket/key URI is required, was " + shorten(uri));
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        return slash < 0 ? of(rest, "") : of(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Checks a bucket name against the S3 naming rules; {@code parameter} names it in the error. */
    public static String validateBucket(String parameter, String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP.matcher(bucket).matches()
                || bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")
                || bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.endsWith(".mrap")
                || bucket.endsWith("--x-s3") || bucket.endsWith("--table-s3")) {
            throw new TraeValidationException(parameter, "'" + shorten(bucket) + "' is not a valid S3 bucket name "
                    + "(3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit)");
        }
        return bucket;
    }

    /** Checks an object key or prefix; {@code parameter} names it in the error. */
    public static String validateKey(String parameter, String key) {
        Objects.requireNonNull(key, parameter);
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new TraeValidationException(parameter, "is longer than the 1024 bytes S3 allows for a key");
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new TraeValidationException(parameter, "contains a control character at index " + i);
            }
        }
        return key;
    }

    public String bucket() {
        return bucket;
    }

    /** The key or prefix; empty for the bucket's root. */
    public String key() {
        return key;
    }

    /** This location as a prefix: the key with a trailing {@code /} unless empty or already there. */
    public S3Location asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : of(bucket, key + "/");
    }

    /** A location below this one as a prefix: {@code s3://b/p/} resolve {@code x} is {@code s3://b/p/x}. */
    public S3Location resolve(String relative) {
        Objects.requireNonNull(relative, "relative");
        String r = relative.startsWith("/") ? relative.substring(1) : relative;
        return of(bucket, asPrefix().key + r);
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3Location && ((S3Location) o).bucket.equals(bucket) && ((S3Location) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return bucket.hashCode() * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return uri();
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
