package dev.trae.aws.lex;

import java.util.Objects;
import java.util.function.Consumer;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.JobRunner;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexruntimev2.LexRuntimeV2Client;

/**
 * Amazon Lex V2 for Trae: conversations ({@link #session}) on the runtime (endpoint service name
 * {@code lex-runtime}) and bot building ({@link #bots()}) on the model-building API ({@code lex-models}).
 * One per application; thread-safe. The AWS SDK clients are built through core {@link AwsClients} on first
 * use, so a runtime-only application never creates the model-building client.
 *
 * <pre>{@code
 * try (LexClient lex = LexClient.create(config)) {
 *     DeployedBot bot = lex.bots().deploy(BotDefinition.fromJson(Files.readString(Path.of("fuel-bot.json"))));
 *     LexSession session = lex.session(bot.ref("en_US"), o -> o.sessionIdPolicy(SessionIdPolicy.perUser(userId, salt)));
 *     LexTurn turn = session.say("I need 40 liters of diesel");
 *     router.route(turn);
 * }
 * }</pre>
 */
public final class LexClient implements AutoCloseable {
    private final TraeConfig config;
    private final AwsClients clients;
    private ServiceClient<LexRuntimeV2Client> runtime;
    private ServiceClient<LexModelsV2Client> models;
    private JobRunner runner;
    private BotBuilder bots;
    private BotTransfers transfers;
    private boolean closed;

    private LexClient(TraeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = AwsClients.of(config);
    }

    public static LexClient create(TraeConfig config) {
        return new LexClient(config);
    }

    public TraeConfig config() {
        return config;
    }

    /** A new conversation with default options (random session id, standard transcript redaction). */
    public LexSession session(BotRef bot) {
        return session(bot, o -> { });
    }

    /** A new conversation. */
    public LexSession session(BotRef bot, Consumer<LexSession.Options.Builder> options) {
        Objects.requireNonNull(bot, "bot");
        LexSession.Options.Builder b = LexSession.Options.builder();
        options.accept(b);
        return new LexSession(runtime(), bot, b.build());
    }

    /** Bot building: deploy definitions, find and delete bots. */
    public synchronized BotBuilder bots() {
        if (bots == null) {
            bots = new BotBuilder(models(), this::runner);
        }
        return bots;
    }

    /**
     * Lex's own export and import of bot archives ({@code CreateExport}/{@code DescribeExport},
     * {@code CreateUploadUrl}/{@code StartImport}/{@code DescribeImport}), polling every 2 seconds for at most 10
     * minutes; {@link BotTransfers#withPolling} changes both.
     */
    public synchronized BotTransfers transfers() {
        if (transfers == null) {
            transfers = new BotTransfers(models(), BotTransfers.DEFAULT_POLL_INTERVAL, BotTransfers.DEFAULT_TIMEOUT);
        }
        return transfers;
    }

    private synchronized ServiceClient<LexRuntimeV2Client> runtime() {
        check();
        if (runtime == null) {
            runtime = clients.service(Services.LEX_RUNTIME, LexRuntimeV2Client::builder);
        }
        return runtime;
    }

    private synchronized ServiceClient<LexModelsV2Client> models() {
        check();
        if (models == null) {
            models = clients.service(Services.LEX_MODELS, LexModelsV2Client::builder);
        }
        return models;
    }

    private synchronized JobRunner runner() {
        check();
        if (runner == null) {
            runner = JobRunner.create(config.jobStore());
        }
        return runner;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("LexClient is closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (runtime != null) {
            runtime.close();
        }
        if (models != null) {
            models.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    @Override
    public String toString() {
        return "LexClient[region=" + config.region() + ", mode=" + config.mode() + "]";
    }
}
