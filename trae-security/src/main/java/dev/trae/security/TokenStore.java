package dev.trae.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.model.Token;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * OAuth and STS tokens kept encrypted at rest, one envelope per token, in a local folder (files
 * {@code 0600}) or under an S3 prefix (bucket-side encryption comes on top, by bucket policy). Each envelope is bound to its token name through the encryption
 * context, so a file or object copied over another name does not decrypt. Tokens never appear in
 * logs, exception messages or {@code toString()}; reads and writes are audited by name.
 *
 * <pre>{@code
 * TokenStore tokens = TokenStore.file(home.resolve("tokens"), kms, config.auditSink());
 * tokens.put("github", Token.builder().type("oauth-access").value(accessToken).build());
 * Optional<Token> t = tokens.get("github");
 * }</pre>
 */
public final class TokenStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private interface Backend {
        void write(String name, byte[] box);

        Optional<byte[]> read(String name);

        boolean delete(String name);

        String where();
    }

    private final Backend backend;
    private final KmsKeyProvider kms;
    private final AuditSink audit;
    private final java.util.function.Supplier<String> principal;

    private TokenStore(Backend backend, KmsKeyProvider kms, AuditSink audit, java.util.function.Supplier<String> principal) {
        this.backend = backend;
        this.kms = Objects.requireNonNull(kms, "kms");
        this.audit = audit == null ? AuditSink.noop() : audit;
        this.principal = principal;
    }

    /** A store in {@code dir} (created 0700 if missing); one {@code <name>.token} file per token. */
    public static TokenStore file(Path dir, KmsKeyProvider kms, AuditSink audit) {
        Path d = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        return new TokenStore(new FileBackend(d), kms, audit, AuditPrincipal.local());
    }

    /**
     * A store under {@code s3://bucket/prefix} on the config's guarded S3 client (resilience, error translation,
     * observation); audited to the config's sink under the AWS principal of its credentials.
     */
    public static TokenStore s3(TraeConfig config, String bucket, String prefix, KmsKeyProvider kms) {
        Objects.requireNonNull(config, "config");
        return s3(AwsClients.of(config).service(Services.S3, S3Client::builder), bucket, prefix, kms, config.auditSink(),
                AuditPrincipal.of(config));
    }

    /**
     * A store on a guarded S3 client: wrap a client of your own with
     * {@code AwsClients.of(config).guard(Services.S3, client)}.
     */
    static TokenStore s3(ServiceClient<S3Client> s3, String bucket, String prefix, KmsKeyProvider kms, AuditSink audit) {
        return s3(s3, bucket, prefix, kms, audit, AuditPrincipal.local());
    }

    private static TokenStore s3(ServiceClient<S3Client> s3, String bucket, String prefix, KmsKeyProvider kms, AuditSink audit,
                                 java.util.function.Supplier<String> principal) {
        Objects.requireNonNull(s3, "s3");
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new TraeValidationException("bucket", "is not a valid S3 bucket name");
        }
        String p = prefix == null ? "" : prefix;
        if (p.startsWith("/") || p.contains("..")) {
            throw new TraeValidationException("prefix", "must not start with '/' or contain '..'");
        }
        return new TokenStore(new S3Backend(s3, bucket, p.isEmpty() || p.endsWith("/") ? p : p + "/"), kms, audit, principal);
    }

    public void put(String name, Token token) {
        check(name);
        Objects.requireNonNull(token, "token");
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", token.type()).put("value", token.value());
        token.refreshToken().ifPresent(r -> o.put("refreshToken", r));
        token.expiresAt().ifPresent(e -> o.put("expiresAt", e.toString()));
        token.scopes().forEach(o.putArray("scopes")::add);
        byte[] box = kms.encrypt(o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), context(name));
        backend.write(name, box);
        audit.record(AuditPrincipal.stamp(AuditEvent.of("token-store", "PutToken", name), principal).detail("store", backend.where())
                .detail("type", token.type()).build());
    }

    /** The token, or empty if none is stored under {@code name}. Decryption errors propagate typed. */
    public Optional<Token> get(String name) {
        check(name);
        Optional<byte[]> box = backend.read(name);
        if (box.isEmpty()) {
            audit.record(AuditPrincipal.stamp(AuditEvent.of("token-store", "GetToken", name), principal).result("NOT_FOUND").build());
            return Optional.empty();
        }
        byte[] plain;
        try {
            plain = kms.decrypt(box.get(), context(name));
        } catch (RuntimeException e) {
            audit.record(AuditPrincipal.stamp(AuditEvent.of("token-store", "GetToken", name), principal).result("DENIED")
                    .detail("error", e.getClass().getSimpleName()).build());
            throw e;
        }
        try {
            JsonNode n = MAPPER.readTree(plain);
            Token.Builder b = Token.builder().type(n.path("type").asText()).value(n.path("value").asText());
            if (n.hasNonNull("refreshToken")) {
                b.refreshToken(n.get("refreshToken").asText());
            }
            if (n.hasNonNull("expiresAt")) {
                b.expiresAt(Instant.parse(n.get("expiresAt").asText()));
            }
            List<String> scopes = new ArrayList<>();
            n.path("scopes").forEach(s -> scopes.add(s.asText()));
            b.scopes(scopes);
            audit.record(AuditPrincipal.stamp(AuditEvent.of("token-store", "GetToken", name), principal).build());
            return Optional.of(b.build());
        } catch (AuditWriteException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedSecretException("token '" + name + "' decrypted but is not a Trae token record");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    public boolean delete(String name) {
        check(name);
        boolean had = backend.delete(name);
        audit.record(AuditPrincipal.stamp(AuditEvent.of("token-store", "DeleteToken", name), principal).result(had ? "SUCCESS" : "NOT_FOUND").build());
        return had;
    }

    private static Map<String, String> context(String name) {
        return Map.of("purpose", "trae-token", "name", name);
    }

    private static void check(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new TraeValidationException("name", "a token name is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return "TokenStore[" + backend.where() + ", key=" + kms.keyId() + "]";
    }

    private record FileBackend(Path dir) implements Backend {
        @Override
        public void write(String name, byte[] box) {
            try {
                if (!Files.exists(dir)) {
                    try {
                        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    } catch (UnsupportedOperationException e) {
                        Files.createDirectories(dir);
                    }
                }
                Path tmp;
                try {
                    tmp = Files.createTempFile(dir, ".tok-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    tmp = Files.createTempFile(dir, ".tok-", ".tmp");
                }
                Files.write(tmp, box);
                try {
                    Files.move(tmp, dir.resolve(name + ".token"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(name + ".token"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write token " + name, e);
            }
        }

        @Override
        public Optional<byte[]> read(String name) {
            Path f = dir.resolve(name + ".token");
            try {
                return Files.exists(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read token " + name, e);
            }
        }

        @Override
        public boolean delete(String name) {
            try {
                return Files.deleteIfExists(dir.resolve(name + ".token"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete token " + name, e);
            }
        }

        @Override
        public String where() {
            return dir.toString();
        }
    }

    private record S3Backend(ServiceClient<S3Client> s3, String bucket, String prefix) implements Backend {
        @Override
        public void write(String name, byte[] box) {
            s3.call("PutObject", c -> c.putObject(r -> r.bucket(bucket).key(prefix + name + ".token")
                    .contentType("application/octet-stream"), RequestBody.fromBytes(box)));
        }

        @Override
        public Optional<byte[]> read(String name) {
            try {
                return Optional.of(s3.call("GetObject", c -> c.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + name + ".token")))
                        .asByteArray());
            } catch (TraeServiceException e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public boolean delete(String name) {
            boolean had = read(name).isPresent();
            s3.run("DeleteObject", c -> c.deleteObject(r -> r.bucket(bucket).key(prefix + name + ".token")));
            return had;
        }

        @Override
        public String where() {
            return "s3://" + bucket + "/" + prefix;
        }
    }
}
