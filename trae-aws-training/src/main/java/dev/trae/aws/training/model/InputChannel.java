package dev.trae.aws.training.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;

/**
 * One input channel of a training job: data already in S3, or a local file or folder that is uploaded
 * to S3 (under KMS when a key is configured) before the job starts. Immutable.
 *
 * <pre>{@code
 * InputChannel.s3("train", "s3://bucket/datasets/train/");
 * InputChannel.local("train", Path.of("data/train.jsonl"));
 * }</pre>
 *
 * @param name        channel name, such as {@code train} or {@code validation}
 * @param s3Uri       the S3 location, or empty for a local channel until uploaded
 * @param localPath   a local file or folder to upload, or empty
 * @param contentType an optional MIME type passed to the algorithm
 */
public record InputChannel(String name, Optional<String> s3Uri, Optional<Path> localPath, Optional<String> contentType) {

    public InputChannel {
        if (name == null || !name.matches("[A-Za-z0-9.\\-_]{1,64}")) {
            throw new TraeValidationException("channel", "name must be 1-64 of [A-Za-z0-9.-_], was " + name);
        }
        Objects.requireNonNull(s3Uri, "s3Uri");
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(contentType, "contentType");
        if (s3Uri.isPresent() == localPath.isPresent()) {
            throw new TraeValidationException("channel", "channel " + name + " needs exactly one of an S3 URI or a local path");
        }
    }

    /** A channel reading data already in S3. */
    public static InputChannel s3(String name, String s3Uri) {
        return new InputChannel(name, Optional.ofNullable(s3Uri), Optional.empty(), Optional.empty());
    }

    /** A channel whose local data is uploaded to the job's upload prefix first. */
    public static InputChannel local(String name, Path localPath) {
        return new InputChannel(name, Optional.empty(), Optional.of(Objects.requireNonNull(localPath, "localPath")), Optional.empty());
    }

    /** This channel with a content type. */
    public InputChannel withContentType(String type) {
        return new InputChannel(name, s3Uri, localPath, Optional.of(type));
    }
}
