package dev.trae.mcp.internal;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.trae.aws.bedrock.Budget;
import dev.trae.aws.bedrock.CodeGenerator;
import dev.trae.aws.bedrock.ModelCatalog;
import dev.trae.aws.bedrock.NovaUiGenerator;
import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.vision.VisionClient;
import dev.trae.mcp.McpSettings;
import dev.trae.ocr.OcrEngine;
import dev.trae.oracle.JdbcSource;
import dev.trae.oracle.OracleExporter;
import dev.trae.security.AuditLog;

/**
 * The module clients behind the tools, created on first use from one {@link TraeConfig} (so start-up stays
 * fast and a tool that is never called costs nothing), plus the server's audit log and budget. Thread-safe.
 */
public final class Backends implements AutoCloseable {
    /** The cost-ledger application every call of this server is booked to (and whose budget is enforced). */
    public final String app;
    private final McpSettings settings;
    private final Lazy<TraeConfig> config;
    /** Opened on the first tool call: start-up (to the first tools/list) does not load trae-security. */
    private final Lazy<AuditLog> audit;
    /**
     * Trae Local: started by {@link #warmUp()} (in the background, once the client has asked for the tool list,
     * so the handshake and {@code tools/list} neither wait for it nor share the CPU with it) or on first use.
     */
    private final java.util.concurrent.CompletableFuture<LocalMode> localStart;
    private final java.util.concurrent.atomic.AtomicBoolean localStarted = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, OcrEngine> ocrEngines = new ConcurrentHashMap<>();
    private final Lazy<ModelCatalog> catalog;
    private final Lazy<TraeBedrockClient> bedrock;
    private final Lazy<VisionClient> vision;
    private final Lazy<OracleExporter> exporter;

    public Backends(McpSettings settings) {
        this.settings = settings;
        this.app = settings.property("app").orElse("trae-mcp");
        Path auditFile = settings.property("audit.file").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".trae", "mcp", "audit.log"));
        try {
            Files.createDirectories(auditFile.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new TraeValidationException("audit.file", "cannot create the folder of " + auditFile + ": " + e.getMessage());
        }
        this.audit = new Lazy<>(() -> AuditLog.open(auditFile, auditKey(settings, auditFile)));
        this.localStart = settings.local() ? new java.util.concurrent.CompletableFuture<>() : null;
        this.config = new Lazy<>(() -> (localStart != null ? local().configBuilder() : awsConfig(settings)).auditSink(e -> audit().record(e)).build());
        this.catalog = new Lazy<>(() -> ModelCatalog.create(config()));
        this.bedrock = new Lazy<>(() -> {
            TraeBedrockClient c = TraeBedrockClient.builder().config(config()).catalog(catalog.get()).build();
            settings.property("budget.usd").ifPresent(limit -> c.ledger().budget(
                    new Budget(app, new BigDecimal(limit), Budget.Action.REFUSE, 0.8)));
            return c;
        });
        this.vision = new Lazy<>(() -> VisionClient.create(config()));
        this.exporter = new Lazy<>(() -> OracleExporter.builder().config(config()).s3PathStyle(localStart != null)
                .s3ChecksumsWhenRequired(localStart != null).build());
    }

    /**
     * The key of the audit chain: a KMS key ({@code audit.kms-key}, an id, ARN or alias) or, by default, a local
     * keyring in {@code AUDIT_FILE.key} next to the log (created on first use, owner-only).
     */
    static dev.trae.security.AuditKey auditKey(McpSettings settings, Path auditFile) {
        Optional<String> kms = settings.property("audit.kms-key");
        if (kms.isPresent()) {
            return dev.trae.security.AuditKey.kms(awsConfig(settings).build(), kms.get());
        }
        return dev.trae.security.AuditKey.wrappedBy(dev.trae.security.LocalKeyring.createOrLoad(keyFile(auditFile),
                dev.trae.aws.core.AuditSink.noop()));
    }

    /** The local keyring file of an audit log. */
    public static Path keyFile(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".key");
    }

    /** A config for real AWS from the environment and profile, overridden by {@code region} and {@code profile} keys. */
    private static TraeConfig.Builder awsConfig(McpSettings s) {
        TraeConfig.Builder b = TraeConfig.builder();
        Optional<String> region = s.property("region").or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")));
        region.filter(r -> !r.isBlank()).ifPresent(b::region);
        s.property("profile").ifPresent(p -> b.credentials(TraeCredentials.profile(p)));
        return b.userAgentSuffix("trae-mcp");
    }

    public McpSettings settings() {
        return settings;
    }

    public TraeConfig config() {
        return config.get();
    }

    /** Starts Trae Local in the background in {@code --local} mode (once; a no-op otherwise). */
    public void warmUp() {
        if (localStart == null || !localStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                localStart.complete(LocalMode.start(settings));
            } catch (Throwable e) {
                localStart.completeExceptionally(e);
            }
        }, "trae-mcp-local-start");
        t.setDaemon(true);
        t.start();
    }

    private LocalMode local() {
        warmUp();
        try {
            return localStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("Trae Local did not start: " + e.getCause(), e.getCause());
        }
    }

    public AuditLog audit() {
        return audit.get();
    }

    public ModelCatalog catalog() {
        return catalog.get();
    }

    public TraeBedrockClient bedrock() {
        return bedrock.get();
    }

    /** The code generator on the configured model ({@code bedrock.code-model}, Nova Pro by default). */
    public CodeGenerator codeGenerator() {
        return CodeGenerator.create(bedrock(), settings.property("bedrock.code-model").orElse("amazon.nova-pro-v1:0"));
    }

    public NovaUiGenerator uiGenerator() {
        NovaUiGenerator g = NovaUiGenerator.create(bedrock(), catalog());
        return settings.property("bedrock.ui-model").map(g::withTextModel).orElse(g);
    }

    public VisionClient vision() {
        return vision.get();
    }

    public OracleExporter exporter() {
        return exporter.get();
    }

    /** One engine per language set, kept for the life of the server (an engine pool is costly to start). */
    public OcrEngine ocr(String languages) {
        return ocrEngines.computeIfAbsent(languages, l -> OcrEngine.builder().languages(l).config(config()).build());
    }

    /**
     * The JDBC source of a named connection from the configuration ({@code connection.NAME.url},
     * {@code .user}, {@code .password-env}: the NAME of an environment variable holding the password, never
     * the password itself). Empty when no such connection is configured.
     */
    public Optional<JdbcSource> connection(String name) {
        Map<String, String> c = settings.properties("connection." + name + ".");
        if (localStart != null && c.isEmpty()) {
            return local().connection(name);
        }
        String url = c.get("url");
        if (url == null) {
            return Optional.empty();
        }
        String user = c.getOrDefault("user", "");
        String passwordEnv = c.get("password-env");
        if (passwordEnv == null) {
            return Optional.of(JdbcSource.url(url, user, ""));
        }
        return Optional.of(JdbcSource.url(url, () -> dev.trae.oracle.DbLogin.of(user, password(passwordEnv))));
    }

    private static String password(String env) {
        String v = System.getenv(env);
        if (v == null) {
            throw new TraeValidationException("connection", "the password variable " + env + " is not set in the server's environment");
        }
        return v;
    }

    /** Names of the configured connections. */
    public java.util.Set<String> connectionNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        settings.properties("connection.").keySet().forEach(k -> names.add(k.substring(0, Math.max(0, k.indexOf('.')))));
        if (localStart != null) {
            names.addAll(local().connectionNames());
        }
        names.remove("");
        return names;
    }

    /** A named export destination ({@code destination.NAME=s3://bucket/prefix/}). */
    public Optional<String> destination(String name) {
        Optional<String> d = settings.property("destination." + name);
        return d.isPresent() || localStart == null ? d : local().destination(name);
    }

    @Override
    public void close() {
        ocrEngines.values().forEach(OcrEngine::close);
        exporter.ifCreated(OracleExporter::close);
        vision.ifCreated(VisionClient::close);
        bedrock.ifCreated(TraeBedrockClient::close);
        catalog.ifCreated(ModelCatalog::close);
        if (localStart != null) {
            localStart.thenAccept(LocalMode::close); // now if it started, else as soon as it has
        }
        audit.ifCreated(AuditLog::close);
    }

    /** A value created once, on first use. */
    static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        void ifCreated(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
