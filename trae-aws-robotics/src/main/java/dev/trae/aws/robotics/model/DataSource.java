package dev.trae.aws.robotics.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;

/**
 * Input data for a simulation, as in RoboMaker: S3 keys that the containers fetch to {@code destination}.
 * AWS Batch does not download data by itself: the containers receive every data source in the
 * {@code TRAE_DATA_SOURCES} environment variable (a JSON array) and fetch them at start-up.
 *
 * @param name        1 to 255 characters of letters, digits, '_', '-' and '.'
 * @param s3Bucket    the bucket
 * @param s3Keys      1 to 100 keys (or key prefixes for {@link Type#PREFIX})
 * @param type        how the keys are read
 * @param destination the absolute path in the container
 */
public record DataSource(String name, String s3Bucket, List<String> s3Keys, Type type, String destination) {
    /** RoboMaker's data source types. */
    public enum Type {
        PREFIX, ARCHIVE, FILE;

        public static Type parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new TraeValidationException("dataSources.type", "must be Prefix, Archive or File, was '" + s + "'");
            }
        }
    }

    public DataSource {
        Objects.requireNonNull(type, "type");
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,255}")) {
            throw new TraeValidationException("dataSources.name", "must be 1 to 255 characters of letters, digits, '_', '-' and '.'");
        }
        S3Location.validateBucket("bucket", Objects.requireNonNull(s3Bucket, "s3Bucket"));
        if (s3Keys == null || s3Keys.isEmpty() || s3Keys.size() > 100) {
            throw new TraeValidationException("dataSources.s3Keys", "must hold 1 to 100 keys");
        }
        for (String k : s3Keys) {
            if (k == null || k.isEmpty() || k.length() > 1024 || k.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new TraeValidationException("dataSources.s3Keys", "keys must be 1 to 1024 characters without control characters");
            }
        }
        s3Keys = List.copyOf(s3Keys);
        if (destination == null || !destination.startsWith("/") || destination.length() > 1024
                || destination.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || ("/" + destination + "/").contains("/../")) {
            throw new TraeValidationException("dataSources.destination", "must be an absolute container path without '..' or control characters");
        }
    }
}
