package dev.trae.security;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.kmssdkv2.AwsKmsMrkAwareMasterKeyProvider;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Services;
import dev.trae.security.internal.GuardedKmsClient;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Factories of the production key provider: envelope encryption under an AWS KMS key.
 *
 * <p>A key id, alias name ({@code alias/trae-data}), alias ARN or key ARN is accepted; anything but a key
 * ARN is resolved once with {@code kms:DescribeKey}, because envelopes record the key ARN and decryption
 * must name the same ARN. Multi-region keys ({@code mrk-…}) use the MRK-aware keyring, so a replica in
 * another region decrypts too. The KMS client comes from {@link AwsClients} (endpoint, credentials,
 * TLS-only in AWS mode); KMS calls run through the config's resilience policy and every operation is
 * recorded on the config's {@link TraeConfig#auditSink()}.
 *
 * <pre>{@code
 * try (EnvelopeKeyProvider kms = KmsKeyProviders.awsKms(config, "alias/trae-data")) {
 *     byte[] box = kms.encrypt(data, Map.of("tenant", "acme"));
 * }
 * // bulk: one GenerateDataKey per 1,000 envelopes or 5 minutes
 * try (EnvelopeKeyProvider kms = KmsKeyProviders.awsKms(config, "alias/trae-data",
 *         DataKeyCachePolicy.of(Duration.ofMinutes(5), 1_000))) { ... }
 * }</pre>
 */
public final class KmsKeyProviders {
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern KEY_REF = Pattern.compile("[A-Za-z0-9:/_+=,.@-]{1,2048}");

    private KmsKeyProviders() {
    }

    /** Envelope encryption with an AWS KMS keyring over {@code keyIdOrAlias}; every message gets a fresh data key. */
    public static EnvelopeKeyProvider awsKms(TraeConfig config, String keyIdOrAlias) {
        return awsKms(config, keyIdOrAlias, EnvelopeOptions.defaults());
    }

    /** As {@link #awsKms(TraeConfig, String)} with message options. */
    public static EnvelopeKeyProvider awsKms(TraeConfig config, String keyIdOrAlias, EnvelopeOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        validate(keyIdOrAlias);
        KmsClient kms = new GuardedKmsClient(AwsClients.of(config).service(Services.KMS, KmsClient::builder));
        try {
            String arn = resolveArn(config, kms, keyIdOrAlias);
            MaterialProviders mpl = MaterialProviders.builder()
                    .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
            IKeyring keyring = arn.contains(":key/mrk-")
                    ? mpl.CreateAwsKmsMrkKeyring(CreateAwsKmsMrkKeyringInput.builder().kmsKeyId(arn).kmsClient(kms).build())
                    : mpl.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(arn).kmsClient(kms).build());
            // resilience applies per KMS call inside the guarded client, not again around the whole envelope
            return new EnvelopeKeyProvider(arn, keyring, null, config.auditSink(), principal(config), null, kms, options);
        } catch (RuntimeException e) {
            kms.close();
            throw e;
        }
    }

    /**
     * Envelope encryption under an AWS KMS key with data-key caching: a data key from KMS is reused
     * within the policy's bounds (age, envelopes, bytes), so bulk encryption does not call KMS once
     * per object, and decrypting envelopes made with a cached key costs one KMS Decrypt per data key.
     * Envelopes are the same format as {@link #awsKms(TraeConfig, String)}'s and decrypt with either.
     * Caching applies per encryption context: use one context for a bulk run.
     */
    public static EnvelopeKeyProvider awsKms(TraeConfig config, String keyIdOrAlias, DataKeyCachePolicy cache) {
        return awsKms(config, keyIdOrAlias, cache, EnvelopeOptions.defaults());
    }

    /** As {@link #awsKms(TraeConfig, String, DataKeyCachePolicy)} with message options. */
    public static EnvelopeKeyProvider awsKms(TraeConfig config, String keyIdOrAlias, DataKeyCachePolicy cache,
                                             EnvelopeOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(cache, "cache");
        validate(keyIdOrAlias);
        KmsClient kms = new GuardedKmsClient(AwsClients.of(config).service(Services.KMS, KmsClient::builder));
        try {
            String arn = resolveArn(config, kms, keyIdOrAlias);
            // a multi-Region key (mrk-...) needs the MRK-aware provider: envelopes made with the key in another Region
            // name that Region's ARN, which the plain strict provider would not accept
            com.amazonaws.encryptionsdk.MasterKeyProvider<?> mkp = arn.contains(":key/mrk-")
                    ? AwsKmsMrkAwareMasterKeyProvider.builder().customRegionalClientSupplier(region -> kms)
                            .defaultRegion(config.region()).buildStrict(arn)
                    : KmsMasterKeyProvider.builder().customRegionalClientSupplier(region -> kms)
                            .defaultRegion(config.region()).buildStrict(arn);
            CachingCryptoMaterialsManager cmm = CachingCryptoMaterialsManager.newBuilder()
                    .withMasterKeyProvider(mkp)
                    .withCache(new LocalCryptoMaterialsCache(cache.capacity()))
                    .withMaxAge(cache.maxAge().toMillis(), TimeUnit.MILLISECONDS)
                    .withMessageUseLimit(cache.maxMessages())
                    .withByteUseLimit(cache.maxBytes())
                    .build();
            return new EnvelopeKeyProvider(arn, null, cmm, config.auditSink(), principal(config), null, kms, options);
        } catch (RuntimeException e) {
            kms.close();
            throw e;
        }
    }

    static void validate(String keyIdOrAlias) {
        if (keyIdOrAlias == null || keyIdOrAlias.isBlank()) {
            throw new TraeValidationException("keyIdOrAlias", "must name a KMS key: key id, key ARN, alias/name or alias ARN");
        }
        if (!KEY_REF.matcher(keyIdOrAlias).matches()) {
            throw new TraeValidationException("keyIdOrAlias", "is not a KMS key id, ARN or alias");
        }
    }

    private static String resolveArn(TraeConfig config, KmsClient kms, String keyIdOrAlias) {
        if (KEY_ARN.matcher(keyIdOrAlias).matches()) {
            return keyIdOrAlias;
        }
        return kms.describeKey(r -> r.keyId(keyIdOrAlias)).keyMetadata().arn(); // guarded: resilience, translation
    }

    private static java.util.function.Supplier<String> principal(TraeConfig config) {
        return AuditPrincipal.of(config);
    }
}
