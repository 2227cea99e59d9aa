package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.TraeException;
import dev.trae.security.model.DatabaseCredential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the parsers of secrets at rest: the secrets JSON ({@link DatabaseCredential#fromJson}), token-store records
 * and the encrypted-file secrets provider, both with raw bytes in the file and with well-encrypted but malformed
 * plaintext (what a holder of the key could plant). Typed refusals only, and no refusal message quotes the input.
 */
class SecretsFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final EnvelopeKeyProvider KMS;
    private static final Path DIR;

    static {
        Arrays.fill(KEY, (byte) 3);
        KMS = LocalKeyring.of("fuzz", KEY, AuditSink.noop(), EnvelopeOptions.defaults().signed(false));
        DIR = Fuzz.tempDir("trae-secrets-fuzz");
    }

    @AfterContainer
    static void cleanUp() {
        Fuzz.delete(DIR);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "1e400", "-0", "65536", "\"1521\"",
                        "[]", "{}", "[1,{\"a\":[]}]", "\"\\ud800\""));
        Arbitrary<String> field = Combinators.combine(Arbitraries.of("username", "user", "password", "host", "port", "engine",
                "dbname", "serviceName", "x", ""), scalar).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = field.list().ofMaxSize(8).map(l -> "{" + String.join(",", l) + "}");
        Arbitrary<String> broken = object.map(s -> s.substring(0, s.length() / 2));
        return Arbitraries.oneOf(object, broken, Arbitraries.strings().ofMaxLength(64),
                Arbitraries.strings().withChars("{}[]\":,0123456789abc\\ ").ofMaxLength(64),
                Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n)), Arbitraries.integers().between(1, 3000)
                        .map(n -> "{\"username\":\"u\",\"password\":" + "[".repeat(n)));
    }

    @Property
    void databaseCredential_fromJson_parsesOrRefusesTypedWithoutQuotingTheInput(@ForAll("jsonish") String json) {
        try {
            Fuzz.typedOrClean(() -> DatabaseCredential.fromJson("prod/db", json)).ifPresent(c -> {
                assertThat(c.username()).isNotBlank();
                assertThat(c.toString()).doesNotContain("\"password\"");
            });
        } catch (AssertionError e) {
            throw e;
        }
        try {
            DatabaseCredential.fromJson("prod/db", json);
        } catch (TraeException e) {
            String pw = json.replaceAll("(?s).*\"password\":\"([^\"]{6,})\".*", "$1");
            if (!pw.equals(json)) {
                assertThat(e.getMessage()).doesNotContain(pw);
            }
            assertThat(e.getCause()).isNull();
        }
    }

    @Provide
    Arbitrary<byte[]> plaintexts() {
        return Arbitraries.oneOf(jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8)), Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(256), Arbitraries.of("{\"type\":\"oauth\",\"value\":\"v\",\"expiresAt\":\"not-a-time\"}",
                "{\"type\":\"bad type\",\"value\":\"v\"}", "{\"type\":\"oauth\",\"value\":null}",
                "{\"type\":\"oauth\",\"value\":\"v\",\"scopes\":{\"a\":1}}", "{\"a\":\"b\",\"c\":{}}").map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void tokenStore_whenTheRecordIsGarbageOrMalformedPlaintext_refusesTyped(@ForAll("plaintexts") byte[] plain,
                                                                            @ForAll boolean encrypted) throws Exception {
        Path dir = DIR.resolve("tokens");
        TokenStore store = TokenStore.file(dir, KMS, AuditSink.noop());
        Files.createDirectories(dir);
        byte[] content = encrypted ? KMS.encrypt(plain, Map.of("purpose", "trae-token", "name", "t1")) : plain;
        Files.write(dir.resolve("t1.token"), content);
        Fuzz.typedOrClean(() -> store.get("t1")).ifPresent(t -> assertThat(t.toString()).doesNotContain(new String(plain,
                StandardCharsets.UTF_8).length() > 8 ? new String(plain, StandardCharsets.UTF_8) : "\u0000never"));
    }

    @Property
    void encryptedFileSecrets_whenTheFileIsGarbageOrMalformedPlaintext_refusesTyped(@ForAll("plaintexts") byte[] plain,
                                                                                   @ForAll boolean encrypted) throws Exception {
        Path file = DIR.resolve("secrets.enc");
        byte[] content = encrypted ? KMS.encrypt(plain, Map.of("purpose", "trae-secrets-file", "file", "secrets.enc")) : plain;
        Files.write(file, content);
        Fuzz.typedOrClean(() -> EncryptedFileSecretsProvider.open(file, KMS, AuditSink.noop()).ids());
        Fuzz.typedOrClean(() -> EncryptedFileSecretsProvider.open(file, KMS, AuditSink.noop()).databaseCredential("db"));
    }

    @Property
    void encryptedFileSecrets_randomBytes_refusesTyped(@ForAll @Size(max = 1024) byte[] content) throws Exception {
        Path file = DIR.resolve("random.enc");
        Files.write(file, content);
        Fuzz.typedOrClean(() -> EncryptedFileSecretsProvider.open(file, KMS, AuditSink.noop()).ids());
    }
}
