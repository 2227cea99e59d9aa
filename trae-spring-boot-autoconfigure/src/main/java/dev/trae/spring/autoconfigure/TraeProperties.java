package dev.trae.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code trae.*} property of the Spring Boot starter. The shared {@code TraeConfig} is built from the
 * top-level groups (region, credentials, endpoints, HTTP, resilience); each module has its own group with an
 * {@code enabled} flag. A property left unset keeps the Trae default, so an empty configuration gives the same
 * config as {@code TraeConfig.builder().build()}.
 *
 * <pre>
 * trae.region=eu-central-1
 * trae.credentials.profile=fuel-prod
 * trae.resilience.rate-limits.rekognition=20
 * trae.ocr.languages=rus+ukr+eng
 * </pre>
 */
@ConfigurationProperties(prefix = "trae")
public class TraeProperties {

    /** Where calls go: AWS (TLS-only endpoints) or LOCAL (Trae Local fakes and other test endpoints, plain HTTP allowed). */
    private Mode mode = Mode.AWS;

    /** AWS region id, such as eu-central-1. Unset keeps the Trae default, us-east-1. */
    private String region;

    /** Appended to the User-Agent of every AWS call, such as "fuel-assistant/2.1". */
    private String userAgentSuffix;

    /**
     * Endpoint overrides by service id (the AWS endpoint prefix: s3, sts, kms, secretsmanager, bedrock,
     * bedrock-runtime, bedrock-agent-runtime, rekognition, textract, lex-runtime, lex-models, sagemaker, ec2, ssm,
     * batch, logs). In AWS mode every override must be https.
     */
    private Map<String, URI> endpoints = new LinkedHashMap<>();

    private final Credentials credentials = new Credentials();
    private final Http http = new Http();
    private final Resilience resilience = new Resilience();
    private final Observation observation = new Observation();
    private final Bedrock bedrock = new Bedrock();
    private final Vision vision = new Vision();
    private final Module lex = new Module();
    private final Robotics robotics = new Robotics();
    private final Module training = new Module();
    private final Module oracle = new Module();
    private final Ocr ocr = new Ocr();
    private final Security security = new Security();

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getUserAgentSuffix() {
        return userAgentSuffix;
    }

    public void setUserAgentSuffix(String userAgentSuffix) {
        this.userAgentSuffix = userAgentSuffix;
    }

    public Map<String, URI> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(Map<String, URI> endpoints) {
        this.endpoints = endpoints;
    }

    public Credentials getCredentials() {
        return credentials;
    }

    public Http getHttp() {
        return http;
    }

    public Resilience getResilience() {
        return resilience;
    }

    public Observation getObservation() {
        return observation;
    }

    public Bedrock getBedrock() {
        return bedrock;
    }

    public Vision getVision() {
        return vision;
    }

    public Module getLex() {
        return lex;
    }

    public Robotics getRobotics() {
        return robotics;
    }

    public Module getTraining() {
        return training;
    }

    public Module getOracle() {
        return oracle;
    }

    public Ocr getOcr() {
        return ocr;
    }

    public Security getSecurity() {
        return security;
    }

    /** Where calls go. */
    public enum Mode {
        /** Real AWS: TLS-only endpoints. */
        AWS,
        /** Trae Local fakes or other test endpoints: plain HTTP allowed. */
        LOCAL
    }

    /** The kind of credentials source. */
    public enum CredentialsType {
        /** Chosen from the properties that are set: profile, assume-role, web-identity or static keys; else the default chain. */
        AUTO,
        /** The AWS default chain: environment, system properties, profile, SSO, container, instance profile. */
        DEFAULT,
        /** A named profile from ~/.aws/config and ~/.aws/credentials. */
        PROFILE,
        /** Fixed keys: for Trae Local and tests only. */
        STATIC,
        /** An IAM role assumed through STS, refreshed before expiry. */
        ASSUME_ROLE,
        /** A web identity token file (EKS IRSA, GitHub OIDC) exchanged through STS. */
        WEB_IDENTITY
    }

    /** Credentials: default chain, profile, assume role, web identity or static test keys. */
    public static class Credentials {
        /** Which credentials source to use; AUTO picks it from the properties that are set. */
        private CredentialsType type = CredentialsType.AUTO;

        /** Named profile from ~/.aws/config and ~/.aws/credentials. */
        private String profile;

        /** Static access key id: for Trae Local and tests only. */
        private String accessKeyId;

        /** Static secret access key: for Trae Local and tests only. Never logged. */
        private String secretAccessKey;

        /** Static session token, used with the static keys. Never logged. */
        private String sessionToken;

        /**
         * Bedrock API key: sent as the bearer token of bedrock-runtime calls instead of a SigV4 signature (the other
         * services keep the credentials above). Never logged, and masked by the actuator environment endpoint.
         */
        private String bedrockApiKey;

        private final AssumeRole assumeRole = new AssumeRole();
        private final WebIdentity webIdentity = new WebIdentity();

        public CredentialsType getType() {
            return type;
        }

        public void setType(CredentialsType type) {
            this.type = type;
        }

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public String getAccessKeyId() {
            return accessKeyId;
        }

        public void setAccessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
        }

        public String getSecretAccessKey() {
            return secretAccessKey;
        }

        public void setSecretAccessKey(String secretAccessKey) {
            this.secretAccessKey = secretAccessKey;
        }

        public String getSessionToken() {
            return sessionToken;
        }

        public void setSessionToken(String sessionToken) {
            this.sessionToken = sessionToken;
        }

        public String getBedrockApiKey() {
            return bedrockApiKey;
        }

        public void setBedrockApiKey(String bedrockApiKey) {
            this.bedrockApiKey = bedrockApiKey;
        }

        public AssumeRole getAssumeRole() {
            return assumeRole;
        }

        public WebIdentity getWebIdentity() {
            return webIdentity;
        }
    }

    /** Assume-role settings. */
    public static class AssumeRole {
        /** ARN of the IAM role to assume, such as arn:aws:iam::123456789012:role/trae-export. */
        private String roleArn;

        /** Session name recorded in CloudTrail. */
        private String sessionName = "trae-sdk";

        /** External id the role's trust policy asks for. Never logged. */
        private String externalId;

        /** Session duration, between 15 minutes and 12 hours. */
        private Duration duration = Duration.ofHours(1);

        /** Profile whose credentials call STS; the default chain when unset. */
        private String sourceProfile;

        public String getRoleArn() {
            return roleArn;
        }

        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        public String getSessionName() {
            return sessionName;
        }

        public void setSessionName(String sessionName) {
            this.sessionName = sessionName;
        }

        public String getExternalId() {
            return externalId;
        }

        public void setExternalId(String externalId) {
            this.externalId = externalId;
        }

        public Duration getDuration() {
            return duration;
        }

        public void setDuration(Duration duration) {
            this.duration = duration;
        }

        public String getSourceProfile() {
            return sourceProfile;
        }

        public void setSourceProfile(String sourceProfile) {
            this.sourceProfile = sourceProfile;
        }
    }

    /** Web identity settings. */
    public static class WebIdentity {
        /** ARN of the IAM role to assume with the web identity token. */
        private String roleArn;

        /** File holding the OIDC token, re-read at every refresh (AWS_WEB_IDENTITY_TOKEN_FILE on EKS). */
        private Path tokenFile;

        /** Session name recorded in CloudTrail. */
        private String sessionName = "trae-sdk";

        public String getRoleArn() {
            return roleArn;
        }

        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        public Path getTokenFile() {
            return tokenFile;
        }

        public void setTokenFile(Path tokenFile) {
            this.tokenFile = tokenFile;
        }

        public String getSessionName() {
            return sessionName;
        }

        public void setSessionName(String sessionName) {
            this.sessionName = sessionName;
        }
    }

    /** HTTP timeouts and pool size; unset values keep the Trae defaults. */
    public static class Http {
        /** Timeout to open a connection. */
        private Duration connectTimeout;

        /** Socket read timeout of ordinary calls. */
        private Duration readTimeout;

        /** Timeout of one ordinary call, all attempts included. */
        private Duration apiCallTimeout;

        /** Timeout of one attempt of an ordinary call. */
        private Duration apiCallAttemptTimeout;

        /** Socket read timeout of generative calls (Bedrock), which produce output for minutes. */
        private Duration generativeReadTimeout;

        /** Timeout of one generative call (Bedrock), all attempts included. */
        private Duration generativeApiCallTimeout;

        /** Maximum pooled connections per client. */
        private Integer maxConnections;

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getApiCallTimeout() {
            return apiCallTimeout;
        }

        public void setApiCallTimeout(Duration apiCallTimeout) {
            this.apiCallTimeout = apiCallTimeout;
        }

        public Duration getApiCallAttemptTimeout() {
            return apiCallAttemptTimeout;
        }

        public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
            this.apiCallAttemptTimeout = apiCallAttemptTimeout;
        }

        public Duration getGenerativeReadTimeout() {
            return generativeReadTimeout;
        }

        public void setGenerativeReadTimeout(Duration generativeReadTimeout) {
            this.generativeReadTimeout = generativeReadTimeout;
        }

        public Duration getGenerativeApiCallTimeout() {
            return generativeApiCallTimeout;
        }

        public void setGenerativeApiCallTimeout(Duration generativeApiCallTimeout) {
            this.generativeApiCallTimeout = generativeApiCallTimeout;
        }

        public Integer getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }
    }

    /** Retry, rate limits, circuit breaker and bulkhead; unset values keep the Trae defaults. */
    public static class Resilience {
        /** Attempts in all, the first included (1 to 20); 1 means no retry. Trae default 4. */
        private Integer maxAttempts;

        /** First retry backoff. Trae default 200ms. */
        private Duration initialBackoff;

        /** Longest retry backoff. Trae default 20s. */
        private Duration maxBackoff;

        /** Growth factor of the backoff, at least 1.0. Trae default 2.0. */
        private Double backoffMultiplier;

        /** Randomisation of each backoff, in [0, 1). Trae default 0.5. */
        private Double jitter;

        /** Transactions per second by service id (rekognition=20); a service not listed is not rate limited. */
        private Map<String, Double> rateLimits = new LinkedHashMap<>();

        /** How long a call may wait for a rate-limit permit before it fails. Trae default 60s. */
        private Duration rateLimitWait;

        private final CircuitBreaker circuitBreaker = new CircuitBreaker();
        private final Bulkhead bulkhead = new Bulkhead();

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(Double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Double getJitter() {
            return jitter;
        }

        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }

        public Map<String, Double> getRateLimits() {
            return rateLimits;
        }

        public void setRateLimits(Map<String, Double> rateLimits) {
            this.rateLimits = rateLimits;
        }

        public Duration getRateLimitWait() {
            return rateLimitWait;
        }

        public void setRateLimitWait(Duration rateLimitWait) {
            this.rateLimitWait = rateLimitWait;
        }

        public CircuitBreaker getCircuitBreaker() {
            return circuitBreaker;
        }

        public Bulkhead getBulkhead() {
            return bulkhead;
        }
    }

    /** Circuit breaker, one per service. */
    public static class CircuitBreaker {
        /** Share of server-side failures, in percent, that opens the breaker. Trae default 50. */
        private Float failureRateThreshold;

        /** Calls in the sliding window. Trae default 20. */
        private Integer slidingWindowSize;

        /** Calls needed before the failure rate counts. Trae default 10. */
        private Integer minimumNumberOfCalls;

        /** How long the breaker stays open before it lets trial calls through. Trae default 30s. */
        private Duration openStateWait;

        public Float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(Float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Integer getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Integer getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public Duration getOpenStateWait() {
            return openStateWait;
        }

        public void setOpenStateWait(Duration openStateWait) {
            this.openStateWait = openStateWait;
        }
    }

    /** Bulkhead, one per service. */
    public static class Bulkhead {
        /** Calls in flight per service. Trae default 64. */
        private Integer maxConcurrentCalls;

        /** How long a call waits for a bulkhead slot before it fails. Trae default 60s. */
        private Duration maxWait;

        public Integer getMaxConcurrentCalls() {
            return maxConcurrentCalls;
        }

        public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
            this.maxConcurrentCalls = maxConcurrentCalls;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /** Micrometer observations of AWS calls. */
    public static class Observation {
        /** Whether every AWS call records a Micrometer observation (metrics and spans) when an ObservationRegistry exists. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** A module with only an enabled flag. */
    public static class Module {
        /** Whether the module's bean is created when the module is on the class path. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Bedrock settings. */
    public static class Bedrock extends Module {
    }

    /** Vision (Rekognition and Textract) settings. */
    public static class Vision extends Module {
        /** Client-side transactions per second for Rekognition, merged into the shared limiter (the stricter wins). */
        private Double rekognitionTps;

        /** Client-side transactions per second for Textract, merged into the shared limiter (the stricter wins). */
        private Double textractTps;

        /** Images analysed in parallel by batch calls. */
        private Integer parallelism;

        public Double getRekognitionTps() {
            return rekognitionTps;
        }

        public void setRekognitionTps(Double rekognitionTps) {
            this.rekognitionTps = rekognitionTps;
        }

        public Double getTextractTps() {
            return textractTps;
        }

        public void setTextractTps(Double textractTps) {
            this.textractTps = textractTps;
        }

        public Integer getParallelism() {
            return parallelism;
        }

        public void setParallelism(Integer parallelism) {
            this.parallelism = parallelism;
        }
    }

    /** Simulation (AWS Batch) settings. */
    public static class Robotics extends Module {
        /** AWS Batch job queue that simulation jobs are submitted to. */
        private String jobQueue;

        public String getJobQueue() {
            return jobQueue;
        }

        public void setJobQueue(String jobQueue) {
            this.jobQueue = jobQueue;
        }
    }

    /** OCR (Tesseract) settings. */
    public static class Ocr extends Module {
        /** Tesseract languages joined by '+', such as rus+ukr+eng. Unset keeps the engine default. */
        private String languages;

        /** Directory holding the *.traineddata files; unset searches TESSDATA_PREFIX and the Debian locations. */
        private Path tessdataPath;

        /** Native Tesseract instances recognising in parallel; unset uses one per CPU. */
        private Integer poolSize;

        public String getLanguages() {
            return languages;
        }

        public void setLanguages(String languages) {
            this.languages = languages;
        }

        public Path getTessdataPath() {
            return tessdataPath;
        }

        public void setTessdataPath(Path tessdataPath) {
            this.tessdataPath = tessdataPath;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }
    }

    /** Security settings: audit log, envelope encryption and secrets. */
    public static class Security extends Module {
        /** Hash-chained audit log file; when set, the audit log bean records every audited call of every client. */
        private Path auditLog;

        /** KMS key id, ARN or alias for envelope encryption (production path). */
        private String kmsKeyId;

        /** Local AES key file for envelope encryption (created when missing): for Trae Local and tests; ignored when kms-key-id is set. */
        private Path localKeyFile;

        /** Where secrets come from: SECRETS_MANAGER (AWS Secrets Manager), ENV (environment variables) or NONE. */
        private SecretsSource secrets = SecretsSource.SECRETS_MANAGER;

        /** Prefix of the environment variables read when secrets=env, such as TRAE_SECRET_. */
        private String secretsEnvPrefix = "TRAE_SECRET_";

        public Path getAuditLog() {
            return auditLog;
        }

        public void setAuditLog(Path auditLog) {
            this.auditLog = auditLog;
        }

        public String getKmsKeyId() {
            return kmsKeyId;
        }

        public void setKmsKeyId(String kmsKeyId) {
            this.kmsKeyId = kmsKeyId;
        }

        public Path getLocalKeyFile() {
            return localKeyFile;
        }

        public void setLocalKeyFile(Path localKeyFile) {
            this.localKeyFile = localKeyFile;
        }

        public SecretsSource getSecrets() {
            return secrets;
        }

        public void setSecrets(SecretsSource secrets) {
            this.secrets = secrets;
        }

        public String getSecretsEnvPrefix() {
            return secretsEnvPrefix;
        }

        public void setSecretsEnvPrefix(String secretsEnvPrefix) {
            this.secretsEnvPrefix = secretsEnvPrefix;
        }
    }

    /** Where the secrets provider reads secrets. */
    public enum SecretsSource {
        /** AWS Secrets Manager. */
        SECRETS_MANAGER,
        /** Environment variables with a prefix. */
        ENV,
        /** No secrets provider bean. */
        NONE
    }
}
