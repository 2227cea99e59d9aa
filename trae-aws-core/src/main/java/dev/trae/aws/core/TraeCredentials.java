package dev.trae.aws.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Where credentials come from. One instance is shared by every client built from a
 * {@link TraeConfig}: the underlying provider is created once, refreshes itself, and never keeps a
 * long-lived copy of a secret outside the AWS SDK's own refreshing providers.
 *
 * <pre>{@code
 * TraeCredentials.defaultChain();
 * TraeCredentials.profile("dev");
 * TraeCredentials.assumeRole(AssumeRole.builder()
 *         .roleArn("arn:aws:iam::123456789012:role/trae-export")
 *         .externalId("fuel-net")
 *         .mfa("arn:aws:iam::123456789012:mfa/alice", () -> readTokenFromUser())
 *         .build());
 * }</pre>
 *
 * {@code toString()} never shows a secret key, session token or external id.
 */
public final class TraeCredentials {

    /** The kind of source. */
    public enum Kind { DEFAULT_CHAIN, PROFILE, STATIC, ASSUME_ROLE, WEB_IDENTITY, CUSTOM }

    private final Kind kind;
    private final String profileName;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final AssumeRole assumeRole;
    private final WebIdentity webIdentity;
    private final AwsCredentialsProvider custom;
    /** The Bedrock API key source (bearer token for bedrock-runtime), or null. */
    private final Supplier<String> bedrockApiKey;
    private volatile AwsCredentialsProvider resolved;
    private volatile StsClient stsClient;

    private TraeCredentials(Kind kind, String profileName, String accessKeyId, String secretAccessKey,
                            String sessionToken, AssumeRole assumeRole, WebIdentity webIdentity,
                            AwsCredentialsProvider custom) {
        this(kind, profileName, accessKeyId, secretAccessKey, sessionToken, assumeRole, webIdentity, custom, null);
    }

    private TraeCredentials(Kind kind, String profileName, String accessKeyId, String secretAccessKey,
                            String sessionToken, AssumeRole assumeRole, WebIdentity webIdentity,
                            AwsCredentialsProvider custom, Supplier<String> bedrockApiKey) {
        this.bedrockApiKey = bedrockApiKey;
        this.kind = kind;
        this.profileName = profileName;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.assumeRole = assumeRole;
        this.webIdentity = webIdentity;
        this.custom = custom;
    }

    /** The AWS default chain: environment, system properties, profile, SSO, container, instance profile. */
    public static TraeCredentials defaultChain() {
        return new TraeCredentials(Kind.DEFAULT_CHAIN, null, null, null, null, null, null, null);
    }

    /** A named profile from {@code ~/.aws/config} and {@code ~/.aws/credentials}. */
    public static TraeCredentials profile(String name) {
        requireText("profile", name);
        return new TraeCredentials(Kind.PROFILE, name, null, null, null, null, null, null);
    }

    /** Fixed keys: for tests and Trae Local only. */
    public static TraeCredentials staticKeys(String accessKeyId, String secretAccessKey) {
        return staticKeys(accessKeyId, secretAccessKey, null);
    }

    /** Fixed keys with a session token: for tests and Trae Local only. */
    public static TraeCredentials staticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        requireText("accessKeyId", accessKeyId);
        requireText("secretAccessKey", secretAccessKey);
        return new TraeCredentials(Kind.STATIC, null, accessKeyId, secretAccessKey, sessionToken, null, null, null);
    }

    /** Assume an IAM role through STS, refreshed before expiry. */
    public static TraeCredentials assumeRole(AssumeRole spec) {
        Objects.requireNonNull(spec, "spec");
        return new TraeCredentials(Kind.ASSUME_ROLE, null, null, null, null, spec, null, null);
    }

    /** Web identity (EKS IRSA, GitHub OIDC): a token file exchanged through STS. */
    public static TraeCredentials webIdentity(WebIdentity spec) {
        Objects.requireNonNull(spec, "spec");
        return new TraeCredentials(Kind.WEB_IDENTITY, null, null, null, null, null, spec, null);
    }

    /** Any AWS SDK provider, used as it is. */
    public static TraeCredentials of(AwsCredentialsProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return new TraeCredentials(Kind.CUSTOM, null, null, null, null, null, null, provider);
    }

    /** The environment variable Bedrock API keys are read from (the name the AWS SDKs and CLI use). */
    public static final String BEDROCK_API_KEY_ENV = "AWS_BEARER_TOKEN_BEDROCK";

    /**
     * The default chain for every service, and a Bedrock API key read from {@value #BEDROCK_API_KEY_ENV} (at each
     * call, so a rotated key is picked up) as the bearer token of bedrock-runtime. The key never appears in
     * {@code toString()}, logs or audit events.
     */
    public static TraeCredentials bedrockApiKey() {
        return defaultChain().withBedrockApiKey(() -> System.getenv(BEDROCK_API_KEY_ENV));
    }

    /** The default chain for every service, and this Bedrock API key as the bearer token of bedrock-runtime. */
    public static TraeCredentials bedrockApiKey(String apiKey) {
        requireText("apiKey", apiKey);
        return defaultChain().withBedrockApiKey(() -> apiKey);
    }

    /**
     * These credentials for every service, and a Bedrock API key from {@code apiKey} (asked at each call) as the
     * bearer token of bedrock-runtime. A key that is missing at call time fails the call before it is sent.
     */
    public TraeCredentials withBedrockApiKey(Supplier<String> apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        return new TraeCredentials(kind, profileName, accessKeyId, secretAccessKey, sessionToken, assumeRole, webIdentity, custom,
                apiKey);
    }

    /**
     * The Bedrock API key source, when one is configured (for module authors: the bedrock-runtime client sends it as
     * {@code Authorization: Bearer}).
     */
    public Optional<Supplier<String>> bedrockApiKeySource() {
        return Optional.ofNullable(bedrockApiKey);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The shared AWS SDK provider, created on first use. For assume-role and web identity the STS
     * client uses the given region and, when set, the {@code sts} endpoint override.
     */
    public AwsCredentialsProvider provider(Region region, URI stsEndpoint) {
        AwsCredentialsProvider p = resolved;
        if (p == null) {
            synchronized (this) {
                p = resolved;
                if (p == null) {
                    p = create(region, stsEndpoint);
                    resolved = p;
                }
            }
        }
        return p;
    }

    private AwsCredentialsProvider create(Region region, URI stsEndpoint) {
        switch (kind) {
            case DEFAULT_CHAIN:
                return DefaultCredentialsProvider.builder().build();
            case PROFILE:
                return ProfileCredentialsProvider.builder().profileName(profileName).build();
            case STATIC:
                return StaticCredentialsProvider.create(sessionToken == null
                        ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                        : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
            case CUSTOM:
                return custom;
            case ASSUME_ROLE: {
                StsClient sts = sts(region, stsEndpoint, assumeRole.source());
                Supplier<AssumeRoleRequest> request = () -> {
                    AssumeRoleRequest.Builder b = AssumeRoleRequest.builder()
                            .roleArn(assumeRole.roleArn())
                            .roleSessionName(assumeRole.sessionName())
                            .durationSeconds((int) assumeRole.duration().toSeconds());
                    if (assumeRole.externalId() != null) {
                        b.externalId(assumeRole.externalId());
                    }
                    if (assumeRole.mfaSerial() != null) {
                        b.serialNumber(assumeRole.mfaSerial()).tokenCode(assumeRole.mfaTokenCode().get());
                    }
                    return b.build();
                };
                return StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request)
                        .asyncCredentialUpdateEnabled(false).build();
            }
            case WEB_IDENTITY: {
                StsClient sts = sts(region, stsEndpoint, null);
                return StsWebIdentityTokenFileCredentialsProvider.builder().stsClient(sts)
                        .roleArn(webIdentity.roleArn()).roleSessionName(webIdentity.sessionName())
                        .webIdentityTokenFile(webIdentity.tokenFile()).build();
            }
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private StsClient sts(Region region, URI endpoint, TraeCredentials source) {
        // STS answers carry temporary credentials: the JDK client never prints bodies (Apache's wire log does at DEBUG)
        var b = StsClient.builder().region(region)
                .httpClient(new dev.trae.aws.core.internal.QuietHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (source != null) {
            b.credentialsProvider(source.provider(region, endpoint));
        } else if (kind == Kind.WEB_IDENTITY) {
            b.credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create());
        }
        StsClient client = b.build();
        stsClient = client;
        return client;
    }

    /** Closes the STS client behind an assume-role or web-identity provider, if one was created. */
    public void closeQuietly() {
        StsClient c = stsClient;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        String s = describe();
        return bedrockApiKey == null ? s : s.substring(0, s.length() - 1) + ", bedrockApiKey=" + Redaction.MASK + "]";
    }

    private String describe() {
        switch (kind) {
            case PROFILE:
                return "TraeCredentials[profile=" + profileName + "]";
            case STATIC:
                return "TraeCredentials[static, accessKeyId=" + Redaction.maskIdentifier(accessKeyId)
                        + ", secretAccessKey=" + Redaction.MASK + (sessionToken != null ? ", sessionToken=" + Redaction.MASK : "") + "]";
            case ASSUME_ROLE:
                return "TraeCredentials[" + assumeRole + "]";
            case WEB_IDENTITY:
                return "TraeCredentials[" + webIdentity + "]";
            default:
                return "TraeCredentials[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
        }
    }

    static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new TraeValidationException(name, "must not be null or blank");
        }
    }

    /** Assume-role settings: role ARN, session name, external id, MFA, duration and source credentials. */
    public static final class AssumeRole {
        private final String roleArn;
        private final String sessionName;
        private final String externalId;
        private final String mfaSerial;
        private final Supplier<String> mfaTokenCode;
        private final Duration duration;
        private final TraeCredentials source;

        private AssumeRole(Builder b) {
            this.roleArn = b.roleArn;
            this.sessionName = b.sessionName;
            this.externalId = b.externalId;
            this.mfaSerial = b.mfaSerial;
            this.mfaTokenCode = b.mfaTokenCode;
            this.duration = b.duration;
            this.source = b.source;
        }

        public static Builder builder() {
            return new Builder();
        }

        public String roleArn() {
            return roleArn;
        }

        public String sessionName() {
            return sessionName;
        }

        public String externalId() {
            return externalId;
        }

        public String mfaSerial() {
            return mfaSerial;
        }

        Supplier<String> mfaTokenCode() {
            return mfaTokenCode;
        }

        public Duration duration() {
            return duration;
        }

        public TraeCredentials source() {
            return source;
        }

        @Override
        public String toString() {
            return "assumeRole roleArn=" + roleArn + ", sessionName=" + sessionName
                    + (externalId != null ? ", externalId=" + Redaction.MASK : "")
                    + (mfaSerial != null ? ", mfaSerial=" + mfaSerial : "") + ", duration=" + duration
                    + (source != null ? ", source=" + source : "");
        }

        /** Builder for {@link AssumeRole}. */
        public static final class Builder {
            private String roleArn;
            private String sessionName = "trae-sdk";
            private String externalId;
            private String mfaSerial;
            private Supplier<String> mfaTokenCode;
            private Duration duration = Duration.ofHours(1);
            private TraeCredentials source;

            private Builder() {
            }

            public Builder roleArn(String roleArn) {
                this.roleArn = roleArn;
                return this;
            }

            public Builder sessionName(String sessionName) {
                this.sessionName = sessionName;
                return this;
            }

            public Builder externalId(String externalId) {
                this.externalId = externalId;
                return this;
            }

            /** MFA device serial and a supplier asked for a fresh token code at every refresh. */
            public Builder mfa(String serialNumber, Supplier<String> tokenCode) {
                this.mfaSerial = serialNumber;
                this.mfaTokenCode = tokenCode;
                return this;
            }

            public Builder duration(Duration duration) {
                this.duration = duration;
                return this;
            }

            /** Credentials used to call STS; the default chain when not set. */
            public Builder source(TraeCredentials source) {
                this.source = source;
                return this;
            }

            public AssumeRole build() {
                if (roleArn == null || !roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}")) {
                    throw new TraeValidationException("roleArn", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/name, was " + roleArn);
                }
                if (sessionName == null || !sessionName.matches("[\\w+=,.@-]{2,64}")) {
                    throw new TraeValidationException("sessionName", "must be 2 to 64 characters of [A-Za-z0-9_+=,.@-]");
                }
                if (externalId != null && !externalId.matches("[\\w+=,.@:/-]{2,1224}")) {
                    throw new TraeValidationException("externalId", "must be 2 to 1224 characters of [A-Za-z0-9_+=,.@:/-]");
                }
                if (mfaSerial != null && mfaTokenCode == null) {
                    throw new TraeValidationException("mfa", "an MFA serial needs a token code supplier");
                }
                if (duration == null || duration.compareTo(Duration.ofMinutes(15)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
                    throw new TraeValidationException("duration", "must be between 15 minutes and 12 hours");
                }
                return new AssumeRole(this);
            }
        }
    }

    /** Web identity settings: role ARN, token file and session name. */
    public static final class WebIdentity {
        private final String roleArn;
        private final Path tokenFile;
        private final String sessionName;

        private WebIdentity(String roleArn, Path tokenFile, String sessionName) {
            this.roleArn = roleArn;
            this.tokenFile = tokenFile;
            this.sessionName = sessionName;
        }

        /** A role ARN and the file holding the OIDC token (re-read at every refresh). */
        public static WebIdentity of(String roleArn, Path tokenFile, String sessionName) {
            requireText("roleArn", roleArn);
            Objects.requireNonNull(tokenFile, "tokenFile");
            requireText("sessionName", sessionName);
            return new WebIdentity(roleArn, tokenFile, sessionName);
        }

        public String roleArn() {
            return roleArn;
        }

        public Path tokenFile() {
            return tokenFile;
        }

        public String sessionName() {
            return sessionName;
        }

        @Override
        public String toString() {
            return "webIdentity roleArn=" + roleArn + ", tokenFile=" + tokenFile + ", sessionName=" + sessionName;
        }
    }
}
