package dev.trae.aws.training.internal;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;

/**
 * Parses the S3 locations of a training job onto core's {@link S3Location}, naming the builder parameter in errors
 * and refusing {@code .} and {@code ..} key segments (SageMaker and S3 would take them literally). Not API.
 */
public final class S3Paths {
    private S3Paths() {
    }

    /** {@code s3://bucket/key}, checked; {@code parameter} names the setting in the error. */
    public static S3Location parse(String parameter, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new TraeValidationException(parameter, "an s3://bucket/key URI is required");
        }
        S3Location l;
        try {
            l = S3Location.parse(uri);
        } catch (TraeValidationException e) {
            throw new TraeValidationException(parameter, e.getMessage());
        }
        for (String seg : l.key().split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new TraeValidationException(parameter, "S3 key may not contain '.' or '..' segments");
            }
        }
        return l;
    }
}
