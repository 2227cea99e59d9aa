package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parse_whenUriValid_splitsBucketAndKey() {
        S3Location l = S3Location.parse("s3://fuel-exports/incidents/2026/");
        assertThat(l.bucket()).isEqualTo("fuel-exports");
        assertThat(l.key()).isEqualTo("incidents/2026/");
        assertThat(l.resolve("part-1.csv").uri()).isEqualTo("s3://fuel-exports/incidents/2026/part-1.csv");
        assertThat(S3Location.parse("s3://b-1").key()).isEmpty();
        assertThat(S3Location.of("b-1", "a").asPrefix().key()).isEqualTo("a/");
        assertThat(S3Location.of("b-1", "a")).isEqualTo(S3Location.parse("s3://b-1/a")).hasSameHashCodeAs(S3Location.parse("s3://b-1/a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Upper", "a..b", "-start", "end-", "192.168.1.1", "xn--bucket", "sthree-x", "bucket-s3alias",
            "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "amzn-s3-demo-bucket", "under_score",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void of_whenBucketBreaksTheNamingRules_refuses(String bucket) {
        assertThatThrownBy(() -> S3Location.of(bucket, "k")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("not a valid S3 bucket name");
    }

    @Test
    void of_whenKeyTooLongOrHasControlCharacters_refuses() {
        assertThatThrownBy(() -> S3Location.of("bucket", "é".repeat(513))).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("1024 bytes");
        assertThatThrownBy(() -> S3Location.of("bucket", "a\u0000b")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> S3Location.parse("https://bucket/key")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> S3Location.parse(null)).isInstanceOf(TraeValidationException.class);
    }
}
