package dev.trae.testkit.aws.kms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of AWS KMS (AWS JSON 1.1, target prefix {@code TrentService}): {@code GenerateDataKey},
 * {@code Encrypt}, {@code Decrypt} and {@code DescribeKey}, with real AES-256-GCM inside. A ciphertext
 * blob names its key and is bound to the encryption context (as AAD), so a wrong key, a wrong context or
 * an altered blob fail as KMS fails ({@code IncorrectKeyException}, {@code InvalidCiphertextException}).
 * Keys are created with {@link #createKey(String)}; {@link #calls(String)} counts calls per operation.
 * Thread-safe.
 *
 * <pre>{@code
 * KmsFake kms = local.fake("kms", new KmsFake());
 * String arn = kms.createKey("alias/trae-data");
 * }</pre>
 */
public final class KmsFake implements FakeService {
    /** Account id in the fake's ARNs. */
    public static final String ACCOUNT = "111122223333";
    private static final byte MAGIC = 0x7A;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(String id, String arn, byte[] material, boolean multiRegion) {
    }

    private final String region;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** A fake in region us-east-1. */
    public KmsFake() {
        this("us-east-1");
    }

    private final Map<String, Long> created = new ConcurrentHashMap<>();

    public KmsFake(String region) {
        this.region = region;
    }

    // Request checks: enum values and member types from the KMS SDK model; required members, lengths and ranges from
    // the operations' reference pages. KMS answers ValidationException (HTTP 400) for them.
    private static final String MODEL = "software.amazon.awssdk.services.kms.model.";
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
    private static final dev.trae.testkit.wire.RequestCheck GENERATE_DATA_KEY = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            MODEL + "GenerateDataKeyRequest", c -> c.required("KeyId").length("KeyId", 1, 2048).range("NumberOfBytes", 1, 1024)
                    .length("GrantTokens", 0, 10));
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
    private static final dev.trae.testkit.wire.RequestCheck ENCRYPT = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            MODEL + "EncryptRequest", c -> c.required("KeyId", "Plaintext").length("KeyId", 1, 2048).length("GrantTokens", 0, 10));
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    private static final dev.trae.testkit.wire.RequestCheck DECRYPT = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            MODEL + "DecryptRequest", c -> c.length("KeyId", 1, 2048).length("GrantTokens", 0, 10));
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
    private static final dev.trae.testkit.wire.RequestCheck DESCRIBE_KEY = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            MODEL + "DescribeKeyRequest", c -> c.required("KeyId").length("KeyId", 1, 2048).length("GrantTokens", 0, 10));

    @Override
    public void install(FakeAwsServer server) {
        server.json("GenerateDataKey", this::generateDataKey);
        server.json("Encrypt", this::encrypt);
        server.json("Decrypt", this::decrypt);
        server.json("DescribeKey", this::describeKey);
        server.validate("GenerateDataKey", GENERATE_DATA_KEY).validate("Encrypt", ENCRYPT).validate("Decrypt", DECRYPT)
                .validate("DescribeKey", DESCRIBE_KEY);
    }

    /** Creates a symmetric key; {@code alias} (like {@code alias/x}) may be null. Returns the key ARN. */
    public String createKey(String alias) {
        return createKey(alias, false);
    }

    /** Creates a key, multi-region ({@code mrk-} id) if asked. Returns the key ARN. */
    public String createKey(String alias, boolean multiRegion) {
        String id = (multiRegion ? "mrk-" : "") + UUID.randomUUID().toString().replace("-", multiRegion ? "" : "-");
        String arn = "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + id;
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        keys.put(id, new Key(id, arn, material, multiRegion));
        created.put(id, System.currentTimeMillis());
        if (alias != null) {
            aliases.put(alias.startsWith("alias/") ? alias : "alias/" + alias, id);
        }
        return arn;
    }

    /**
     * Replicates a multi-region key into the fake of another region, as KMS {@code ReplicateKey} does: the replica has
     * the same key id ({@code mrk-...}) and key material, and an ARN in the replica's region, so a ciphertext of the
     * primary decrypts there (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html,
     * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html). Only multi-region keys replicate
     * ({@code UnsupportedOperationException} in KMS). Returns the replica's ARN.
     */
    public String replicateKey(String keyIdOrArn, KmsFake replicaRegion) {
        Key key = resolve(keyIdOrArn).orElseThrow(() -> new IllegalArgumentException("no key " + keyIdOrArn));
        if (!key.multiRegion()) {
            throw new IllegalArgumentException("UnsupportedOperationException: " + key.arn() + " is not a multi-Region key");
        }
        if (replicaRegion.region.equals(region)) {
            throw new IllegalArgumentException("ValidationException: the replica region must differ from " + region);
        }
        String arn = "arn:aws:kms:" + replicaRegion.region + ":" + ACCOUNT + ":key/" + key.id();
        replicaRegion.keys.put(key.id(), new Key(key.id(), arn, key.material(), true));
        return arn;
    }

    /** Disables a key: every use fails with {@code DisabledException}. */
    public void disable(String keyIdOrArn) {
        resolve(keyIdOrArn).ifPresent(k -> disabled.add(k.id()));
    }

    /** How many calls of {@code operation} the fake answered (successfully or not). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Sum of GenerateDataKey, Encrypt and Decrypt calls. */
    public int cryptoCalls() {
        return calls("GenerateDataKey") + calls("Encrypt") + calls("Decrypt");
    }

    /** Resets the call counters (keys stay). */
    public void resetCounts() {
        calls.clear();
    }

    private void count(String op) {
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
    }

    Optional<Key> resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        String r = ref;
        int aliasAt = r.indexOf(":alias/");
        if (aliasAt >= 0) {
            r = r.substring(aliasAt + 1);
        }
        if (r.startsWith("alias/")) {
            String id = aliases.get(r);
            return id == null ? Optional.empty() : Optional.ofNullable(keys.get(id));
        }
        int keyAt = r.indexOf(":key/");
        if (keyAt >= 0) {
            if (!r.startsWith("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/")) {
                return Optional.empty();
            }
            r = r.substring(keyAt + 5);
        }
        return Optional.ofNullable(keys.get(r));
    }

    private FakeResponse usable(Optional<Key> key, String ref) {
        if (key.isEmpty()) {
            return FakeResponse.error(400, "NotFoundException", "Key '" + ref + "' does not exist");
        }
        if (disabled.contains(key.get().id())) {
            return FakeResponse.error(400, "DisabledException", key.get().arn() + " is disabled.");
        }
        return null;
    }

    private FakeResponse generateDataKey(FakeRequest req) throws GeneralSecurityException {
        count("GenerateDataKey");
        JsonNode in = req.json();
        String ref = in.path("KeyId").asText("");
        Optional<Key> key = resolve(ref);
        FakeResponse err = usable(key, ref);
        if (err != null) {
            return err;
        }
        int n = in.has("NumberOfBytes") ? in.get("NumberOfBytes").asInt()
                : "AES_128".equals(in.path("KeySpec").asText()) ? 16 : 32;
        if (n < 1 || n > 1024) {
            return FakeResponse.error(400, "ValidationException", "NumberOfBytes must be between 1 and 1024");
        }
        byte[] plain = new byte[n];
        RANDOM.nextBytes(plain);
        byte[] blob = seal(key.get(), plain, context(in));
        ObjectNode out = Json.object();
        out.put("KeyId", key.get().arn()).put("CiphertextBlob", b64(blob)).put("Plaintext", b64(plain));
        return FakeResponse.json(out);
    }

    private FakeResponse encrypt(FakeRequest req) throws GeneralSecurityException {
        count("Encrypt");
        JsonNode in = req.json();
        String ref = in.path("KeyId").asText("");
        Optional<Key> key = resolve(ref);
        FakeResponse err = usable(key, ref);
        if (err != null) {
            return err;
        }
        byte[] plain = Base64.getDecoder().decode(in.path("Plaintext").asText(""));
        if (plain.length == 0 || plain.length > 4096) {
            return FakeResponse.error(400, "ValidationException", "Plaintext must be 1 to 4096 bytes");
        }
        ObjectNode out = Json.object();
        out.put("KeyId", key.get().arn()).put("CiphertextBlob", b64(seal(key.get(), plain, context(in))))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return FakeResponse.json(out);
    }

    private FakeResponse decrypt(FakeRequest req) {
        count("Decrypt");
        JsonNode in = req.json();
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(in.path("CiphertextBlob").asText(""));
        } catch (IllegalArgumentException e) {
            return FakeResponse.error(400, "InvalidCiphertextException", "The ciphertext is invalid.");
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (blob.length < 2 + 12 + 16 || b.get() != MAGIC) {
            return FakeResponse.error(400, "InvalidCiphertextException", "The ciphertext is invalid.");
        }
        int idLen = b.get() & 0xFF;
        if (b.remaining() < idLen + 12 + 16) {
            return FakeResponse.error(400, "InvalidCiphertextException", "The ciphertext is invalid.");
        }
        byte[] idBytes = new byte[idLen];
        b.get(idBytes);
        Key key = keys.get(new String(idBytes, StandardCharsets.UTF_8));
        if (key == null) {
            return FakeResponse.error(400, "InvalidCiphertextException", "The ciphertext refers to a key that does not exist.");
        }
        if (in.hasNonNull("KeyId")) {
            Optional<Key> asked = resolve(in.get("KeyId").asText());
            if (asked.isEmpty() || !asked.get().id().equals(key.id())) {
                return FakeResponse.error(400, "IncorrectKeyException",
                        "The key ID in the request does not identify a CMK that can perform this operation.");
            }
        }
        if (disabled.contains(key.id())) {
            return FakeResponse.error(400, "DisabledException", key.arn() + " is disabled.");
        }
        byte[] iv = new byte[12];
        b.get(iv);
        byte[] ct = new byte[b.remaining()];
        b.get(ct);
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(aad(key, context(in)));
            plain = c.doFinal(ct);
        } catch (GeneralSecurityException e) {
            return FakeResponse.error(400, "InvalidCiphertextException", "The ciphertext is invalid.");
        }
        ObjectNode out = Json.object();
        out.put("KeyId", key.arn()).put("Plaintext", b64(plain)).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return FakeResponse.json(out);
    }

    private FakeResponse describeKey(FakeRequest req) {
        count("DescribeKey");
        String ref = req.json().path("KeyId").asText("");
        Optional<Key> key = resolve(ref);
        if (key.isEmpty()) {
            return FakeResponse.error(400, "NotFoundException", "Key '" + ref + "' does not exist");
        }
        ObjectNode out = Json.object();
        out.putObject("KeyMetadata").put("KeyId", key.get().id()).put("Arn", key.get().arn())
                .put("AWSAccountId", ACCOUNT).put("Enabled", !disabled.contains(key.get().id()))
                .put("KeyState", disabled.contains(key.get().id()) ? "Disabled" : "Enabled")
                .put("KeyUsage", "ENCRYPT_DECRYPT").put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("KeyManager", "CUSTOMER").put("MultiRegion", key.get().multiRegion())
                // as the documented DescribeKey example: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
                .put("CreationDate", created.getOrDefault(key.get().id(), 0L) / 1000.0).put("Description", "")
                .put("Origin", "AWS_KMS").put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        return FakeResponse.json(out);
    }

    private static Map<String, String> context(JsonNode in) {
        Map<String, String> ctx = new TreeMap<>();
        JsonNode ec = in.get("EncryptionContext");
        if (ec != null && ec.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ec.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                ctx.put(e.getKey(), e.getValue().asText());
            }
        }
        return ctx;
    }

    private static byte[] aad(Key key, Map<String, String> ctx) {
        StringBuilder sb = new StringBuilder(key.id());
        ctx.forEach((k, v) -> sb.append('\u0000').append(k).append('\u0001').append(v));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] seal(Key key, byte[] plain, Map<String, String> ctx) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad(key, ctx));
        byte[] ct = c.doFinal(plain);
        byte[] id = key.id().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + 12 + ct.length).put(MAGIC).put((byte) id.length).put(id).put(iv).put(ct).array();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
