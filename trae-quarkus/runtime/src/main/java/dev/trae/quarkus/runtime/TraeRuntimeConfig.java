package dev.trae.quarkus.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The run-time configuration of the Trae extension, under {@code quarkus.trae.*}. The names follow the Spring Boot
 * starter's {@code trae.*} properties, so the same settings read alike in both frameworks.
 */
@ConfigMapping(prefix = "quarkus.trae")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface TraeRuntimeConfig {

    /**
     * The AWS region, such as {@code eu-central-1}. When unset, the AWS SDK's region chain decides.
     *
     * @return the region
     */
    Optional<String> region();

    /**
     * {@code aws} (TLS endpoints only) or {@code local} (plain-HTTP endpoints allowed: Trae Local, tests). Dev Services
     * set {@code local}.
     *
     * @return the mode
     */
    @WithDefault("aws")
    Mode mode();

    /**
     * A suffix for the user agent of every AWS call.
     *
     * @return the suffix
     */
    Optional<String> userAgentSuffix();

    /**
     * Endpoint overrides by Trae service id, for example {@code quarkus.trae.endpoints.bedrock-runtime}. Setting any
     * of them turns the Dev Services off.
     *
     * @return the endpoints by service id
     */
    @ConfigDocMapKey("service")
    Map<String, String> endpoints();

    /**
     * The credentials.
     *
     * @return the credentials settings
     */
    Credentials credentials();

    /**
     * HTTP timeouts and connection pool.
     *
     * @return the HTTP settings
     */
    Http http();

    /**
     * Retries, rate limits, circuit breaker and bulkhead.
     *
     * @return the resilience settings
     */
    Resilience resilience();

    /**
     * Settings of the vision client.
     *
     * @return the vision settings
     */
    Vision vision();

    /**
     * Settings of the simulation client.
     *
     * @return the robotics settings
     */
    Robotics robotics();

    /**
     * Settings of the OCR engine.
     *
     * @return the OCR settings
     */
    Ocr ocr();

    /**
     * Settings of the security beans.
     *
     * @return the security settings
     */
    Security security();

    /** Where the clients may connect. */
    enum Mode {
        /** Real AWS: TLS-only endpoints. */
        AWS,
        /** Trae Local fakes or other test endpoints: plain HTTP allowed. */
        LOCAL
    }

    /** The kind of credentials source. */
    enum CredentialsType {
        /** Chosen from the settings present: assume role, web identity, profile or static keys; else the default chain. */
        AUTO,
        /** The AWS default chain. */
        DEFAULT,
        /** A named profile. */
        PROFILE,
        /** Fixed keys: Trae Local and tests only. */
        STATIC,
        /** An IAM role assumed through STS. */
        ASSUME_ROLE,
        /** A web identity token file exchanged through STS. */
        WEB_IDENTITY
    }

    /** Credentials settings. */
    interface Credentials {
        /**
         * Which credentials source to use; {@code auto} picks it from the settings present.
         *
         * @return the type
         */
        @WithDefault("auto")
        CredentialsType type();

        /**
         * Named profile from {@code ~/.aws/config} and {@code ~/.aws/credentials}.
         *
         * @return the profile
         */
        Optional<String> profile();

        /**
         * Static access key id: Trae Local and tests only.
         *
         * @return the key id
         */
        Optional<String> accessKeyId();

        /**
         * Static secret access key: Trae Local and tests only. Never logged.
         *
         * @return the secret key
         */
        Optional<String> secretAccessKey();

        /**
         * Static session token, used with the static keys. Never logged.
         *
         * @return the session token
         */
        Optional<String> sessionToken();

        /**
         * A Bedrock API key, sent as the bearer token of bedrock-runtime calls instead of SigV4 (other services keep the
         * credentials above). Never logged. Without it, {@code AWS_BEARER_TOKEN_BEDROCK} is not read either.
         *
         * @return the API key
         */
        Optional<String> bedrockApiKey();

        /**
         * The role to assume.
         *
         * @return the assume-role settings
         */
        AssumeRole assumeRole();

        /**
         * The web identity to exchange.
         *
         * @return the web-identity settings
         */
        WebIdentity webIdentity();
    }

    /** Assume-role settings. */
    interface AssumeRole {
        /**
         * ARN of the role to assume.
         *
         * @return the role ARN
         */
        Optional<String> roleArn();

        /**
         * Session name recorded in CloudTrail.
         *
         * @return the session name
         */
        @WithDefault("trae-sdk")
        String sessionName();

        /**
         * External id the role's trust policy requires.
         *
         * @return the external id
         */
        Optional<String> externalId();

        /**
         * Session duration.
         *
         * @return the duration
         */
        @WithDefault("1h")
        Duration duration();

        /**
         * Profile whose credentials assume the role; the default chain when unset.
         *
         * @return the source profile
         */
        Optional<String> sourceProfile();
    }

    /** Web-identity settings. */
    interface WebIdentity {
        /**
         * ARN of the role to assume with the token.
         *
         * @return the role ARN
         */
        Optional<String> roleArn();

        /**
         * File holding the web identity token (on EKS: {@code AWS_WEB_IDENTITY_TOKEN_FILE}).
         *
         * @return the token file
         */
        Optional<Path> tokenFile();

        /**
         * Session name recorded in CloudTrail.
         *
         * @return the session name
         */
        @WithDefault("trae-sdk")
        String sessionName();
    }

    /** HTTP settings; unset values keep the Trae defaults. */
    interface Http {
        /**
         * Connect timeout.
         *
         * @return the timeout
         */
        Optional<Duration> connectTimeout();

        /**
         * Socket read timeout of ordinary calls.
         *
         * @return the timeout
         */
        Optional<Duration> readTimeout();

        /**
         * Whole-call timeout of ordinary calls, retries included.
         *
         * @return the timeout
         */
        Optional<Duration> apiCallTimeout();

        /**
         * Timeout of one attempt of an ordinary call.
         *
         * @return the timeout
         */
        Optional<Duration> apiCallAttemptTimeout();

        /**
         * Socket read timeout of generative calls (Bedrock runtime).
         *
         * @return the timeout
         */
        Optional<Duration> generativeReadTimeout();

        /**
         * Whole-call timeout of generative calls.
         *
         * @return the timeout
         */
        Optional<Duration> generativeApiCallTimeout();

        /**
         * Maximum pooled connections per client.
         *
         * @return the maximum
         */
        Optional<Integer> maxConnections();
    }

    /** Resilience settings; unset values keep the Trae defaults. */
    interface Resilience {
        /**
         * Attempts per call, the first included.
         *
         * @return the attempts
         */
        Optional<Integer> maxAttempts();

        /**
         * First retry backoff.
         *
         * @return the backoff
         */
        Optional<Duration> initialBackoff();

        /**
         * Largest retry backoff.
         *
         * @return the backoff
         */
        Optional<Duration> maxBackoff();

        /**
         * Backoff growth per attempt.
         *
         * @return the multiplier
         */
        Optional<Double> backoffMultiplier();

        /**
         * Jitter factor (0 to 1).
         *
         * @return the jitter
         */
        Optional<Double> jitter();

        /**
         * Requests per second by service id, for example {@code quarkus.trae.resilience.rate-limits.rekognition=20}.
         *
         * @return the rate limits
         */
        @ConfigDocMapKey("service")
        Map<String, Double> rateLimits();
    }

    /** Vision client settings. */
    interface Vision {
        /**
         * Rekognition requests per second.
         *
         * @return the rate
         */
        Optional<Double> rekognitionTps();

        /**
         * Textract requests per second.
         *
         * @return the rate
         */
        Optional<Double> textractTps();

        /**
         * Parallel requests of batch analysis.
         *
         * @return the parallelism
         */
        Optional<Integer> parallelism();
    }

    /** Simulation client settings. */
    interface Robotics {
        /**
         * The AWS Batch job queue of simulation jobs.
         *
         * @return the queue
         */
        Optional<String> jobQueue();
    }

    /** OCR engine settings. */
    interface Ocr {
        /**
         * Tesseract languages, such as {@code eng+rus}.
         *
         * @return the languages
         */
        Optional<String> languages();

        /**
         * Directory of the Tesseract language data.
         *
         * @return the directory
         */
        Optional<Path> tessdataPath();

        /**
         * Number of pooled Tesseract engines.
         *
         * @return the pool size
         */
        Optional<Integer> poolSize();
    }

    /** Security settings. */
    interface Security {
        /**
         * Where the secrets provider reads: {@code secrets-manager} or {@code env}. To have no secrets provider bean,
         * set {@code quarkus.trae.security.enabled=false}.
         *
         * @return the source
         */
        @WithDefault("secrets-manager")
        SecretsSource secrets();

        /**
         * Prefix of the environment variables read by the {@code env} secrets provider.
         *
         * @return the prefix
         */
        @WithDefault("TRAE_SECRET_")
        String secretsEnvPrefix();
    }

    /** The secrets provider's source. */
    enum SecretsSource {
        /** AWS Secrets Manager through the shared config. */
        SECRETS_MANAGER,
        /** Environment variables. */
        ENV
    }
}
