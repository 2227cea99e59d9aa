package dev.trae.aws.core.spi;

import dev.trae.aws.core.TraeConfig;
import java.util.function.Consumer;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 client settings for modules that use S3. {@code software.amazon.awssdk:s3} is an optional
 * dependency of trae-aws-core: this class is usable where the module already depends on it.
 *
 * <pre>{@code
 * S3Client s3 = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD, S3ClientSettings.forConfig(config));
 * }</pre>
 */
public final class S3ClientSettings {
    private S3ClientSettings() {
    }

    /**
     * When the config overrides the {@code s3} endpoint (Trae Local's S3Proxy or another S3-compatible
     * store), uses path-style addressing and computes and validates checksums only where the
     * operation requires them; against AWS's own endpoint, changes nothing.
     */
    /** Applies the settings to a sync or async S3 client builder. */
    static void apply(TraeConfig config, Object builder) {
        if (config.endpoint("s3").isPresent()) {
            ((S3BaseClientBuilder<?, ?>) builder).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
    }

    public static Consumer<S3ClientBuilder> forConfig(TraeConfig config) {
        boolean compatibleEndpoint = config.endpoint("s3").isPresent();
        return b -> {
            if (compatibleEndpoint) {
                b.forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
        };
    }
}
