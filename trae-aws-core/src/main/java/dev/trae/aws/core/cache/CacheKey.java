package dev.trae.aws.core.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 of everything that determines a response: a namespace (service and operation), the
 * parameters, and the content. Two requests with equal keys get the same answer. Immutable.
 *
 * <pre>{@code
 * CacheKey key = CacheKey.builder("rekognition:DetectLabels").add("minConfidence", 80).add(imageBytes).build();
 * }</pre>
 */
public final class CacheKey {
    private final String hex;

    private CacheKey(String hex) {
        this.hex = hex;
    }

    public static Builder builder(String namespace) {
        return new Builder(namespace);
    }

    /** The key of a namespace and one content blob. */
    public static CacheKey of(String namespace, byte[] content) {
        return builder(namespace).add(content).build();
    }

    /** Lower-case hex SHA-256. */
    public String hex() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey && ((CacheKey) o).hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return "CacheKey[" + hex.substring(0, 16) + "...]";
    }

    /** Feeds parts into the digest, each length-prefixed so that different splits never collide. */
    public static final class Builder {
        private final MessageDigest digest;

        private Builder(String namespace) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            add(Objects.requireNonNull(namespace, "namespace"));
        }

        public Builder add(byte[] bytes) {
            byte[] b = bytes == null ? new byte[0] : bytes;
            digest.update(ByteBuffer.allocate(9).put(bytes == null ? (byte) 0 : (byte) 1).putLong(b.length).array());
            digest.update(b);
            return this;
        }

        public Builder add(ByteBuffer buffer) {
            ByteBuffer b = buffer.asReadOnlyBuffer();
            digest.update(ByteBuffer.allocate(9).put((byte) 2).putLong(b.remaining()).array());
            digest.update(b);
            return this;
        }

        public Builder add(String s) {
            return add(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        public Builder add(String name, Object value) {
            return add(name).add(String.valueOf(value));
        }

        public CacheKey build() {
            return new CacheKey(HexFormat.of().formatHex(digest.digest()));
        }
    }
}
