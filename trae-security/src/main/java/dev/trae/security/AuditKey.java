package dev.trae.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The key of an {@link AuditLog}'s MAC chain: each log file gets its own random 256-bit HMAC-SHA256 data
 * key, stored in the log's header only in wrapped form. Whoever can write the log file but cannot ask KMS
 * (or the local keyring) to unwrap that key cannot compute a valid record MAC, so cannot rewrite the chain.
 *
 * <ul>
 *   <li>{@link #kms(TraeConfig, String)}: KMS {@code GenerateDataKey} wraps the key when a log is created and
 *   {@code Decrypt} (pinned to the same key ARN, under the encryption context
 *   {@code {"trae:purpose":"audit-chain","trae:log":<log id>}}) unwraps it when the log is opened or verified.</li>
 *   <li>{@link #wrappedBy(KmsKeyProvider)}: the key is an envelope of any key provider, for example the offline
 *   {@link LocalKeyring}, under the same context.</li>
 * </ul>
 *
 * <pre>{@code
 * AuditKey key = AuditKey.kms(config, "alias/trae-audit");
 * try (AuditLog audit = AuditLog.builder(Path.of("audit/trae-audit.jsonl"), key).anchor(anchor).open()) { ... }
 * AuditLog.Verification v = AuditLog.verify(Path.of("audit/trae-audit.jsonl"), key, anchor);
 * }</pre>
 *
 * <p>Key material never appears in {@code toString()}, logs or exception messages.
 */
public final class AuditKey {
    static final String PURPOSE = "audit-chain";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A data key: plaintext for the MAC, wrapped form for the header. */
    record DataKey(byte[] plaintext, String wrapped, String keyId) {
        @Override
        public String toString() {
            return "DataKey[" + keyId + "]";
        }
    }

    private interface Wrapper {
        DataKey create(Map<String, String> context);

        byte[] unwrap(byte[] wrapped, Map<String, String> context);
    }

    private final String provider;
    private final String keyId;
    private final Wrapper wrapper;

    private AuditKey(String provider, String keyId, Wrapper wrapper) {
        this.provider = provider;
        this.keyId = keyId;
        this.wrapper = wrapper;
    }

    /**
     * Keys wrapped by AWS KMS key {@code keyIdOrAlias} (resolved once to its ARN with {@code DescribeKey}; that
     * ARN is pinned: a header naming another key does not verify). Calls go through the config's guarded KMS client.
     */
    public static AuditKey kms(TraeConfig config, String keyIdOrAlias) {
        Objects.requireNonNull(config, "config");
        if (keyIdOrAlias == null || !keyIdOrAlias.matches("[A-Za-z0-9:/_+=,.@-]{1,2048}")) {
            throw new TraeValidationException("keyId", "must be a KMS key id, key ARN, alias name or alias ARN");
        }
        ServiceClient<KmsClient> kms = AwsClients.of(config).service(Services.KMS, KmsClient::builder);
        String arn = keyIdOrAlias.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+") ? keyIdOrAlias
                : kms.call("DescribeKey", c -> c.describeKey(r -> r.keyId(keyIdOrAlias))).keyMetadata().arn();
        return new AuditKey("aws-kms", arn, new Wrapper() {
            @Override
            public DataKey create(Map<String, String> context) {
                GenerateDataKeyResponse r = kms.call("GenerateDataKey", c -> c.generateDataKey(b -> b.keyId(arn)
                        .keySpec(DataKeySpec.AES_256).encryptionContext(context)));
                return new DataKey(r.plaintext().asByteArray(), Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray()), arn);
            }

            @Override
            public byte[] unwrap(byte[] wrapped, Map<String, String> context) {
                DecryptResponse r = kms.call("Decrypt", c -> c.decrypt(b -> b.keyId(arn)
                        .ciphertextBlob(SdkBytes.fromByteArray(wrapped)).encryptionContext(context)));
                return r.plaintext().asByteArray();
            }
        });
    }

    /** Keys wrapped as envelopes of {@code provider} (the offline {@link LocalKeyring}, or a KMS keyring). */
    public static AuditKey wrappedBy(KmsKeyProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return new AuditKey("envelope", provider.keyId(), new Wrapper() {
            @Override
            public DataKey create(Map<String, String> context) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                return new DataKey(key, Base64.getEncoder().encodeToString(provider.encrypt(key, context)), provider.keyId());
            }

            @Override
            public byte[] unwrap(byte[] wrapped, Map<String, String> context) {
                return provider.decrypt(wrapped, context);
            }
        });
    }

    /** {@code aws-kms} or {@code envelope}: what the log header records. */
    String provider() {
        return provider;
    }

    /** The wrapping key (ARN for KMS). */
    public String keyId() {
        return keyId;
    }

    DataKey create(String logId) {
        return wrapper.create(context(logId));
    }

    /**
     * Unwraps a header's key. Returns null when it cannot be unwrapped (wrong key, altered blob, other log):
     * the caller reports that as a broken log. Service failures (throttling, no network) propagate.
     */
    byte[] unwrap(String provider, String keyId, String wrapped, String logId) {
        if (!this.provider.equals(provider) || !this.keyId.equals(keyId)) {
            return null;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(wrapped);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            byte[] key = wrapper.unwrap(blob, context(logId));
            return key != null && key.length == 32 ? key : null;
        } catch (DecryptionException e) {
            return null;
        } catch (dev.trae.aws.core.TraeServiceException e) {
            String code = e.errorCode().orElse("");
            if (code.equals("InvalidCiphertextException") || code.equals("IncorrectKeyException")) {
                return null;
            }
            throw e;
        }
    }

    private static Map<String, String> context(String logId) {
        return Map.of("trae:purpose", PURPOSE, "trae:log", logId);
    }

    /** HMAC-SHA256 of {@code data} under {@code key}, as 64 lower-case hex characters. */
    static String mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of two MACs. */
    static boolean sameMac(String a, String b) {
        return a != null && b != null && java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                b.getBytes(StandardCharsets.US_ASCII));
    }

    static void wipe(byte[] key) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[" + provider + " " + keyId + "]";
    }
}
