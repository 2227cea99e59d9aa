package dev.trae.aws.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;

/**
 * What to analyse: image or document bytes, a local file, or an S3 object. Bytes and files are
 * normalised before sending ({@link ImageNormalizer}); S3 objects are read by the service itself.
 * Immutable.
 *
 * <pre>{@code
 * ImageSource.bytes(png);  ImageSource.file(Path.of("photo.heic.jpg"));  ImageSource.s3("bucket", "photos/cat.jpg");
 * }</pre>
 */
public final class ImageSource {
    /** Largest local file read into memory. */
    public static final long MAX_FILE_BYTES = 200L * 1024 * 1024;

    private final byte[] bytes;
    private final Path file;
    private final String bucket;
    private final String key;
    private final String name;

    private ImageSource(byte[] bytes, Path file, String bucket, String key, String name) {
        this.bytes = bytes;
        this.file = file;
        this.bucket = bucket;
        this.key = key;
        this.name = name;
    }

    /** In-memory bytes (not copied; do not modify them afterwards). */
    public static ImageSource bytes(byte[] bytes) {
        return bytes("bytes", bytes);
    }

    /** In-memory bytes with a display name used in batch results and errors. */
    public static ImageSource bytes(String name, byte[] bytes) {
        if (bytes == null) {
            throw new TraeValidationException("image", "bytes must not be null");
        }
        return new ImageSource(bytes, null, null, null, name == null ? "bytes" : name);
    }

    /** A local file; read when the source is used. */
    public static ImageSource file(Path file) {
        if (file == null) {
            throw new TraeValidationException("image", "file must not be null");
        }
        return new ImageSource(null, file, null, null, file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    /** An S3 object, read by Rekognition or Textract directly (their role needs s3:GetObject). */
    public static ImageSource s3(String bucket, String key) {
        dev.trae.aws.core.S3Location.validateBucket("bucket", bucket);
        if (key == null || key.isEmpty()) {
            throw new TraeValidationException("key", "S3 key must not be empty");
        }
        dev.trae.aws.core.S3Location.validateKey("key", key);
        return new ImageSource(null, null, bucket, key, "s3://" + bucket + "/" + key);
    }

    /** A display name: "bytes", the file name, or the s3:// URI. */
    public String name() {
        return name;
    }

    public boolean isS3() {
        return bucket != null;
    }

    public Optional<String> bucket() {
        return Optional.ofNullable(bucket);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The content of a bytes or file source. */
    public byte[] read() {
        if (bytes != null) {
            return bytes;
        }
        if (file == null) {
            throw new TraeValidationException("image", "an S3 source has no local bytes");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new TraeValidationException("file", "not a readable regular file: " + file.getFileName());
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TraeValidationException("file", file.getFileName() + " is " + size + " bytes; the limit is " + MAX_FILE_BYTES);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TraeValidationException("file", "cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ImageSource[" + name + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSource s && bytes == s.bytes && Objects.equals(file, s.file)
                && Objects.equals(bucket, s.bucket) && Objects.equals(key, s.key) && Objects.equals(name, s.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, file, bucket, key, System.identityHashCode(bytes));
    }
}
