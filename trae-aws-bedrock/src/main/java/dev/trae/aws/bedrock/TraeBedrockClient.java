package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.JsonSchemas;
import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.internal.SdkMapper;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.GuardrailAssessment;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.GuardrailResult;
import dev.trae.aws.bedrock.model.InvokeResult;
import dev.trae.aws.bedrock.model.InvokeStreamResult;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.ModelLifecycle;
import dev.trae.aws.bedrock.model.ResolvedModel;
import dev.trae.aws.bedrock.model.Role;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.StructuredResult;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.bedrock.model.ToolChoice;
import dev.trae.aws.bedrock.model.ToolLoopResult;
import dev.trae.aws.bedrock.model.ToolSpec;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeModelOutputException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeBaseClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailAction;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentSource;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailOutputContent;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/**
 * The fluent, thread-safe client over Amazon Bedrock Runtime: {@code converse} (sync and async),
 * {@code converseStream} with deltas and cancellation, a typed tool-execution loop, structured output
 * into Java records, {@code invokeModel} and {@code invokeModelStream} (InvokeModelWithResponseStream) for native
 * payloads, and {@code applyGuardrail}. Model ids may be foundation models, inference profiles, or the ARNs
 * of custom model deployments and Provisioned Throughput made by {@link CustomModelHosting}. Every call is
 * checked before it is sent (empty prompts, context-window estimate, image and document limits, tool
 * schemas, retired models), goes through the core resilience decorators, and is booked in the
 * {@link CostLedger} (usage, cost, budgets). Clients use the long generative timeouts of
 * {@link dev.trae.aws.core.HttpSettings}.
 *
 * <pre>{@code
 * try (TraeBedrockClient bedrock = TraeBedrockClient.create(TraeConfig.builder().region("us-east-1").build())) {
 *     ConverseResult r = bedrock.converse(c -> c.modelId("amazon.nova-lite-v1:0").user("Hello"));
 *     System.out.println(r.text() + " " + r.usage());
 * }
 * }</pre>
 *
 * <p>Model ids are resolved for the region through the Bedrock catalog: by default a {@link ModelCatalog} is loaded
 * lazily on the first call and cached (inference profiles such as {@code us.}/{@code eu.}/{@code apac.}/{@code global.}
 * for models that have no on-demand throughput, LEGACY warnings, EOL refusals); give your own with
 * {@link Builder#catalog}, or {@link Builder#offline()} to send ids as given with only the built-in table's checks.
 * When the catalog cannot be loaded (no {@code bedrock:ListFoundationModels} permission, no network) the client
 * falls back to offline resolution with a warning and tries again after five minutes. In {@code Mode.LOCAL} without a
 * {@code bedrock} endpoint there is no control plane to ask and the client is offline.
 */
public final class TraeBedrockClient implements AutoCloseable {
    /** The endpoint service name in {@link TraeConfig}. */
    public static final String SERVICE = "bedrock-runtime";
    /** The name of the tool used for structured output. */
    public static final String STRUCTURED_OUTPUT_TOOL = "structured_output";
    private static final Logger LOG = LoggerFactory.getLogger(TraeBedrockClient.class);

    private final TraeConfig config;
    private final AwsClients clients;
    private final ServiceClient<BedrockRuntimeClient> sync;
    private volatile ServiceClient<BedrockRuntimeAsyncClient> async;
    private final ModelCatalog catalog;
    private final CostLedger ledger;
    private final boolean autoCatalog;
    private volatile ModelCatalog lazyCatalog;
    private volatile long catalogRetryAt;
    private static final long CATALOG_RETRY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
    /** Offline resolutions (no catalog): pure functions of the id, so computed once per id. */
    private final Map<String, ResolvedModel> offline = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_OFFLINE_MODELS = 256;

    private TraeBedrockClient(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.clients = AwsClients.of(config);
        this.sync = clients.service(Services.BEDROCK_RUNTIME, BedrockRuntimeClient::builder, rb -> bearer(config, rb));
        this.catalog = b.catalog;
        this.catalogRetryAt = System.nanoTime();
        this.autoCatalog = b.catalog == null && !b.offline
                && !(config.mode() == TraeConfig.Mode.LOCAL && config.endpoint(ModelCatalog.SERVICE).isEmpty());
        this.ledger = b.ledger != null ? b.ledger : CostLedger.create(b.prices != null ? b.prices : ModelPriceTable.defaults());
    }

    /** A client with default prices that resolves model ids through a lazily loaded catalog of the region. */
    public static TraeBedrockClient create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TraeConfig config() {
        return config;
    }

    /** The ledger every call is booked in. */
    public CostLedger ledger() {
        return ledger;
    }

    /** The catalog model ids are resolved through: the given one, or the default one once it was loaded. */
    public Optional<ModelCatalog> catalog() {
        return Optional.ofNullable(catalog != null ? catalog : lazyCatalog);
    }

    /** Whether ids are sent as given, checked only against the built-in table (no catalog). */
    public boolean offline() {
        return catalog == null && !autoCatalog;
    }

    /** The default catalog, created on first use; null while loading it failed recently. */
    private ModelCatalog defaultCatalog() {
        ModelCatalog c = lazyCatalog;
        if (c == null) {
            synchronized (this) {
                c = lazyCatalog;
                if (c == null) {
                    c = ModelCatalog.create(config);
                    lazyCatalog = c;
                }
            }
        }
        return c;
    }

    private ServiceClient<BedrockRuntimeAsyncClient> async() {
        ServiceClient<BedrockRuntimeAsyncClient> a = async;
        if (a == null) {
            synchronized (this) {
                a = async;
                if (a == null) {
                    a = clients.asyncService(Services.BEDROCK_RUNTIME, BedrockRuntimeAsyncClient::builder, b -> bearer(config, b));
                    async = a;
                }
            }
        }
        return a;
    }

    /**
     * With a Bedrock API key ({@link dev.trae.aws.core.TraeCredentials#bedrockApiKey()}), bedrock-runtime calls carry
     * {@code Authorization: Bearer <key>} instead of a SigV4 signature (the SDK's {@code httpBearerAuth} scheme); the key
     * is asked for at each call and never logged.
     */
    private static <B extends BedrockRuntimeBaseClientBuilder<B, ?>> void bearer(TraeConfig config, B b) {
        config.credentials().bedrockApiKeySource().ifPresent(key -> b
                .tokenProvider(() -> {
                    String k = key.get();
                    if (k == null || k.isBlank()) {
                        throw new TraeClientException("no Bedrock API key: set " + dev.trae.aws.core.TraeCredentials.BEDROCK_API_KEY_ENV, null, false);
                    }
                    return new BedrockApiKeyToken(k);
                })
                .authSchemeProvider(BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth"))));
    }

    /** A bearer token whose {@code toString()} shows no secret. */
    private record BedrockApiKeyToken(String token) implements software.amazon.awssdk.auth.token.credentials.SdkToken {
        @Override
        public Optional<java.time.Instant> expirationTime() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "BedrockApiKeyToken[" + dev.trae.aws.core.Redaction.MASK + "]";
        }
    }

    /**
     * Starts the observation of one call with the OpenTelemetry GenAI attributes: {@code gen_ai.operation.name},
     * {@code gen_ai.provider.name} ({@code aws.bedrock}) and {@code gen_ai.request.model}.
     */
    private static CallObservation genAi(ServiceClient<?> client, String operation, String genAiOperation, String modelId) {
        CallObservation o = client.start(operation);
        if (o == CallObservation.NOOP) {
            return o;
        }
        try {
            o.tag("gen_ai.operation.name", genAiOperation);
            o.tag("gen_ai.provider.name", "aws.bedrock");
            o.tag("gen_ai.request.model", modelId);
        } catch (RuntimeException e) {
            LOG.debug("observer failed", e);
        }
        return o;
    }

    /** Token usage as the GenAI high-cardinality keys {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}. */
    static void observeUsage(CallObservation o, TokenUsage u) {
        if (o == CallObservation.NOOP) {
            return;   // no observer: no strings to build on the hot path
        }
        try {
            o.highCardinalityTag("gen_ai.usage.input_tokens", Long.toString(u.inputTokens()));
            o.highCardinalityTag("gen_ai.usage.output_tokens", Long.toString(u.outputTokens()));
        } catch (RuntimeException e) {
            LOG.debug("observer failed", e);
        }
    }

    // ------------------------------------------------------------------ resolution and checks

    /**
     * Resolves a model id: through the catalog when one is configured (region profiles, lifecycle), else
     * offline (syntax, retired ids, family capabilities).
     */
    public ResolvedModel resolve(String modelId) {
        if (catalog != null) {
            return catalog.resolve(modelId);
        }
        if (autoCatalog && System.nanoTime() - catalogRetryAt >= 0) {
            try {
                return defaultCatalog().resolve(modelId);
            } catch (TraeValidationException e) {
                throw e;
            } catch (dev.trae.aws.core.TraeException e) {
                catalogRetryAt = System.nanoTime() + CATALOG_RETRY_NANOS;
                LOG.warn("the Bedrock catalog of {} could not be loaded ({}); model ids are sent as given for 5 minutes",
                        config.region(), e.getMessage());
            }
        }
        if (modelId != null) {
            ResolvedModel cached = offline.get(modelId);
            if (cached != null) {
                return cached;
            }
        }
        RequestValidator.modelId(modelId);
        ResolvedModel m = new ResolvedModel(modelId, modelId, KnownModels.baseId(modelId), ModelLifecycle.ACTIVE,
                KnownModels.capabilities(modelId), List.of());
        if (offline.size() >= MAX_OFFLINE_MODELS) {
            offline.clear();
        }
        offline.put(modelId, m);
        return m;
    }

    private ResolvedModel prepare(ConverseRequest r) {
        Objects.requireNonNull(r, "request");
        ResolvedModel m = resolve(r.modelId());
        RequestValidator.converse(r, m.capabilities());
        ledger.checkBudget(r.app());
        return m;
    }

    private ConverseResult result(ConverseRequest r, String modelId, ConverseResponse resp) {
        Message message = SdkMapper.message(resp.output() == null ? null : resp.output().message());
        StopReason stop = StopReason.fromWire(resp.stopReasonAsString());
        TokenUsage usage = SdkMapper.usage(resp.usage());
        Optional<java.math.BigDecimal> cost = ledger.record(r.app(), modelId, usage);
        long latency = resp.metrics() == null || resp.metrics().latencyMs() == null ? 0 : resp.metrics().latencyMs();
        return new ConverseResult(modelId, message, stop, usage, cost, latency,
                SdkMapper.guardrail(resp.trace() == null ? null : resp.trace().guardrail(), stop == StopReason.GUARDRAIL_INTERVENED));
    }

    // ------------------------------------------------------------------ converse

    /** One Converse call. */
    public ConverseResult converse(ConverseRequest request) {
        ResolvedModel m = prepare(request);
        var sdkReq = SdkMapper.converse(request, m.invocationId());
        CallObservation o = genAi(sync, "Converse", "chat", m.invocationId());
        ConverseResponse resp = sync.call("Converse", Idempotency.DEFAULT, o, c -> {
            ConverseResponse r = c.converse(sdkReq);
            observeUsage(o, SdkMapper.usage(r.usage()));
            return r;
        });
        return result(request, m.invocationId(), resp);
    }

    /** One Converse call, built with a lambda. */
    public ConverseResult converse(Consumer<ConverseRequest.Builder> request) {
        ConverseRequest.Builder b = ConverseRequest.builder();
        request.accept(b);
        return converse(b.build());
    }

    /** One Converse call on the async client. Validation errors fail the future, nothing is sent. */
    public CompletableFuture<ConverseResult> converseAsync(ConverseRequest request) {
        ResolvedModel m;
        try {
            m = prepare(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        var sdkReq = SdkMapper.converse(request, m.invocationId());
        ServiceClient<BedrockRuntimeAsyncClient> a = async();
        CallObservation o = genAi(a, "Converse", "chat", m.invocationId());
        return a.callAsync("Converse", Idempotency.DEFAULT, o, c -> c.converse(sdkReq).thenApply(r -> {
                    observeUsage(o, SdkMapper.usage(r.usage()));
                    return r;
                }))
                .thenApply(resp -> result(request, m.invocationId(), resp));
    }

    /**
     * A ConverseStream call. Validation happens now (and throws); the stream runs in the background.
     * It is retried only before its first token; see {@link ConverseStreamCall}.
     */
    public ConverseStreamCall converseStream(ConverseRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        ResolvedModel m = prepare(request);
        if (!m.capabilities().streaming()) {
            throw new TraeValidationException("modelId", m.invocationId() + " does not support streaming; use converse");
        }
        String id = m.invocationId();
        ConverseStreamCall call = new ConverseStreamCall(id, listener, a -> {
            TokenUsage usage = a.usage();
            return new ConverseResult(id, a.message(), a.stop(), usage, ledger.record(request.app(), id, usage), a.latencyMs(),
                    a.guardrail());
        });
        ServiceClient<BedrockRuntimeAsyncClient> a = async();
        call.start(a, genAi(a, "ConverseStream", "chat", id), SdkMapper.converseStream(request, id));
        return call;
    }

    // ------------------------------------------------------------------ tools

    /**
     * Runs the tool-execution loop: calls the model with the tools, runs each requested tool, sends the
     * results back, and repeats until the model answers without tool calls. A tool that throws, an
     * unknown tool, or input that does not bind is reported to the model as an error result (so it can
     * correct itself). Throws {@link TraeClientException} when {@code maxRounds} model calls were not enough.
     */
    public ToolLoopResult converseWithTools(ConverseRequest request, List<Tool<?>> tools, int maxRounds) {
        if (maxRounds < 1 || maxRounds > 50) {
            throw new TraeValidationException("maxRounds", "must be between 1 and 50, was " + maxRounds);
        }
        if (tools.isEmpty()) {
            throw new TraeValidationException("tools", "at least one tool is required");
        }
        Map<String, Tool<?>> byName = new LinkedHashMap<>();
        List<ToolSpec> specs = new ArrayList<>();
        for (Tool<?> t : tools) {
            byName.put(t.name(), t);
            specs.add(t.spec());
        }
        List<Message> conversation = new ArrayList<>(request.messages());
        List<ToolLoopResult.ToolInvocation> invocations = new ArrayList<>();
        TokenUsage total = TokenUsage.ZERO;
        for (int round = 1; round <= maxRounds; round++) {
            ConverseRequest r = request.toBuilder().messages(conversation).tools(specs)
                    .toolChoice(round == 1 ? request.toolChoice() : ToolChoice.auto()).build();
            ConverseResult res = converse(r);
            total = total.plus(res.usage());
            conversation.add(res.message().content().isEmpty() ? Message.assistant("(no content)") : res.message());
            if (res.toolCalls().isEmpty()) {
                return new ToolLoopResult(res, conversation, invocations, total, round);
            }
            List<ContentBlock> results = new ArrayList<>();
            for (ContentBlock.ToolCall call : res.toolCalls()) {
                ContentBlock.ToolResult tr = runTool(byName.get(call.name()), call);
                invocations.add(new ToolLoopResult.ToolInvocation(call, tr));
                results.add(ContentBlock.toolResult(tr));
            }
            conversation.add(new Message(Role.USER, results));
        }
        throw new TraeModelOutputException("tool loop did not finish within " + maxRounds + " model calls; the model kept "
                + "requesting tools. Raise maxRounds or check the tool results");
    }

    private static ContentBlock.ToolResult runTool(Tool<?> tool, ContentBlock.ToolCall call) {
        if (tool == null) {
            return new ContentBlock.ToolResult(call.toolUseId(), Docs.MAPPER.getNodeFactory().textNode(
                    "error: there is no tool named " + call.name()), true);
        }
        try {
            return new ContentBlock.ToolResult(call.toolUseId(), tool.invoke(call.input()), false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return new ContentBlock.ToolResult(call.toolUseId(), Docs.MAPPER.getNodeFactory().textNode(
                    "error: the input does not match the schema of " + call.name() + ": "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                    ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage())), true);
        } catch (Exception e) {
            LOG.debug("tool {} failed", call.name(), e);
            return new ContentBlock.ToolResult(call.toolUseId(), Docs.MAPPER.getNodeFactory().textNode(
                    "error: tool " + call.name() + " failed: " + dev.trae.aws.core.Redaction.scrub(String.valueOf(e.getMessage()))), true);
        }
    }

    // ------------------------------------------------------------------ structured output

    /**
     * Structured output: the model is made to call a tool whose input schema is generated from
     * {@code type} (a record), and the input is bound to it. When required fields are missing the model is
     * told and asked once more (at most 3 calls in all).
     */
    public <T> StructuredResult<T> converseForObject(ConverseRequest request, Class<T> type) {
        ObjectNode schema = JsonSchemas.of(type);
        ToolSpec spec = new ToolSpec(STRUCTURED_OUTPUT_TOOL, "Return the answer as " + type.getSimpleName()
                + ". Always call this tool with the complete answer.", schema);
        List<Message> conversation = new ArrayList<>(request.messages());
        TokenUsage total = TokenUsage.ZERO;
        String problem = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            ConverseRequest r = request.toBuilder().messages(conversation).tools(List.of(spec))
                    .toolChoice(ToolChoice.tool(STRUCTURED_OUTPUT_TOOL)).build();
            ConverseResult res = converse(r);
            total = total.plus(res.usage());
            if (res.guardrailIntervened()) {
                throw new TraeModelOutputException("the guardrail intervened; no structured output was produced: " + res.text());
            }
            JsonNode value = res.toolCalls().stream().filter(c -> c.name().equals(STRUCTURED_OUTPUT_TOOL)).map(ContentBlock.ToolCall::input)
                    .findFirst().orElseGet(() -> jsonFromText(res.text()));
            List<String> missing = value == null ? List.of("(no JSON in the answer)") : JsonSchemas.missing(schema, value);
            if (missing.isEmpty()) {
                try {
                    return new StructuredResult<>(Docs.MAPPER.treeToValue(value, type), res, total, attempt);
                } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                    missing = List.of("does not bind: " + e.getMessage());
                }
            }
            problem = String.join(", ", missing);
            conversation.add(res.message().content().isEmpty() ? Message.assistant("(no content)") : res.message());
            String feedback = "The output is incomplete or invalid (" + problem + "). Call " + STRUCTURED_OUTPUT_TOOL
                    + " again with every required field.";
            if (!res.toolCalls().isEmpty()) {
                List<ContentBlock> blocks = new ArrayList<>();
                for (ContentBlock.ToolCall c : res.toolCalls()) {
                    blocks.add(ContentBlock.toolResult(new ContentBlock.ToolResult(c.toolUseId(),
                            Docs.MAPPER.getNodeFactory().textNode(feedback), true)));
                }
                conversation.add(new Message(Role.USER, blocks));
            } else {
                conversation.add(Message.user(feedback));
            }
        }
        throw new TraeModelOutputException("the model did not produce a valid " + type.getSimpleName() + " in 3 attempts: " + problem);
    }

    /** Lambda overload of {@link #converseForObject(ConverseRequest, Class)}. */
    public <T> StructuredResult<T> converseForObject(Class<T> type, Consumer<ConverseRequest.Builder> request) {
        ConverseRequest.Builder b = ConverseRequest.builder();
        request.accept(b);
        return converseForObject(b.build(), type);
    }

    private static JsonNode jsonFromText(String text) {
        String t = text.strip();
        int fence = t.indexOf("```");
        if (fence >= 0) {
            int start = t.indexOf('\n', fence);
            int end = t.indexOf("```", start + 1);
            if (start > 0 && end > start) {
                t = t.substring(start + 1, end);
            }
        }
        int open = t.indexOf('{');
        int close = t.lastIndexOf('}');
        if (open < 0 || close <= open) {
            return null;
        }
        try {
            return Docs.MAPPER.readTree(t.substring(open, close + 1));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ invokeModel

    /** InvokeModel with a native body, booked to app {@code default}. */
    public InvokeResult invokeModel(String modelId, byte[] body, String contentType) {
        return invokeModel("default", modelId, body, contentType);
    }

    /**
     * InvokeModel with a native body (any model family's own format), booked to {@code app}. Token counts
     * come from the response headers.
     */
    public InvokeResult invokeModel(String app, String modelId, byte[] body, String contentType) {
        ResolvedModel m = prepareInvoke(app, modelId, body, contentType);
        CallObservation o = genAi(sync, "InvokeModel", "generate_content", m.invocationId());
        InvokeModelResponse resp = sync.call("InvokeModel", Idempotency.DEFAULT, o, c -> c.invokeModel(b -> b.modelId(m.invocationId())
                .body(SdkBytes.fromByteArray(body)).contentType(contentType).accept("application/json")));
        Map<String, List<String>> headers = resp.sdkHttpResponse().headers();
        // the token-count headers of InvokeModel, cache reads and writes included
        // (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html)
        TokenUsage usage = new TokenUsage(header(headers, "X-Amzn-Bedrock-Input-Token-Count"),
                header(headers, "X-Amzn-Bedrock-Output-Token-Count"), header(headers, "X-Amzn-Bedrock-Cache-Read-Input-Token-Count"),
                header(headers, "X-Amzn-Bedrock-Cache-Write-Input-Token-Count"));
        observeUsage(o, usage);
        ledger.record(app, m.invocationId(), usage);
        return new InvokeResult(m.invocationId(), resp.body().asByteArray(), resp.contentType(), usage);
    }

    /** The checks of InvokeModel and InvokeModelWithResponseStream, before anything is sent. */
    private ResolvedModel prepareInvoke(String app, String modelId, byte[] body, String contentType) {
        ResolvedModel m = resolve(modelId);
        if (body == null || body.length == 0) {
            throw new TraeValidationException("body", "must not be empty");
        }
        if (body.length > 25_000_000) {
            throw new TraeValidationException("body", "is " + body.length + " bytes; InvokeModel accepts at most 25 MB");
        }
        if (contentType == null || contentType.isBlank()) {
            throw new TraeValidationException("contentType", "must be set, e.g. application/json");
        }
        RequestValidator.app(app);
        ledger.checkBudget(app);
        return m;
    }

    /**
     * InvokeModelWithResponseStream with a native body (the model family's own streaming format, such as
     * Anthropic messages or Nova {@code messages-v1}), booked to {@code app}. Each payload chunk goes to
     * {@code onChunk} as it arrives (on an SDK thread; a listener that throws ends the stream). Checks happen
     * now and throw {@link TraeValidationException} before anything is sent: model id, empty or oversized
     * body, missing content type, a model that does not stream, the app name, a used-up REFUSE budget.
     * The stream is retried only before its first chunk; token usage comes from the
     * {@code amazon-bedrock-invocationMetrics} of the last chunk.
     */
    public InvokeStreamCall invokeModelStream(String app, String modelId, byte[] body, String contentType, Consumer<byte[]> onChunk) {
        Objects.requireNonNull(onChunk, "onChunk");
        ResolvedModel m = prepareInvoke(app, modelId, body, contentType);
        if (!m.capabilities().streaming()) {
            throw new TraeValidationException("modelId", m.invocationId() + " does not support streaming; use invokeModel");
        }
        String id = m.invocationId();
        InvokeStreamCall call = new InvokeStreamCall(id, onChunk, a -> {
            TokenUsage usage = a.usage();
            return new InvokeStreamResult(id, a.chunks(), usage, ledger.record(app, id, usage));
        });
        ServiceClient<BedrockRuntimeAsyncClient> a = async();
        call.start(a, genAi(a, "InvokeModelWithResponseStream", "generate_content", id), InvokeModelWithResponseStreamRequest.builder().modelId(id)
                .body(SdkBytes.fromByteArray(body)).contentType(contentType).accept("application/json").build());
        return call;
    }

    /** InvokeModel with a JSON body; the answer parsed as JSON. */
    public JsonNode invokeModelJson(String modelId, JsonNode body) {
        return invokeModelJson("default", modelId, body);
    }

    /** InvokeModel with a JSON body booked to {@code app}; the answer parsed as JSON. */
    public JsonNode invokeModelJson(String app, String modelId, JsonNode body) {
        try {
            byte[] bytes = Docs.MAPPER.writeValueAsBytes(Objects.requireNonNull(body, "body"));
            InvokeResult r = invokeModel(app, modelId, bytes, "application/json");
            return Docs.MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new TraeModelOutputException("InvokeModel answer is not JSON: " + e.getMessage(), e);
        }
    }

    private static long header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                try {
                    return Long.parseLong(e.getValue().get(0).trim());
                } catch (NumberFormatException ignored) {
                    return 0;
                }
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ guardrails

    /** Where the text checked by {@link #applyGuardrail} comes from. */
    public enum GuardrailSource { INPUT, OUTPUT }

    /** ApplyGuardrail on its own: checks texts against a guardrail without calling a model. */
    public GuardrailResult applyGuardrail(GuardrailConfig guardrail, GuardrailSource source, List<String> texts) {
        Objects.requireNonNull(guardrail, "guardrail");
        Objects.requireNonNull(source, "source");
        RequestValidator.guardrail(guardrail);
        if (texts == null || texts.isEmpty() || texts.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new TraeValidationException("texts", "must be one or more non-empty texts");
        }
        long chars = texts.stream().mapToLong(String::length).sum();
        if (chars > 1_000_000) {
            throw new TraeValidationException("texts", "are " + chars + " characters; split them into smaller calls");
        }
        List<GuardrailContentBlock> content = new ArrayList<>();
        texts.forEach(t -> content.add(GuardrailContentBlock.fromText(GuardrailTextBlock.builder().text(t).build())));
        ApplyGuardrailRequest req = ApplyGuardrailRequest.builder().guardrailIdentifier(guardrail.identifier())
                .guardrailVersion(guardrail.version())
                .source(source == GuardrailSource.INPUT ? GuardrailContentSource.INPUT : GuardrailContentSource.OUTPUT)
                .content(content).build();
        ApplyGuardrailResponse resp = sync.call("ApplyGuardrail", c -> c.applyGuardrail(req));
        List<GuardrailAssessment> assessments = new ArrayList<>();
        resp.assessments().forEach(a -> assessments.add(SdkMapper.assessment(a)));
        return new GuardrailResult(resp.action() == GuardrailAction.GUARDRAIL_INTERVENED, resp.actionReason(),
                resp.outputs().stream().map(GuardrailOutputContent::text).toList(), assessments);
    }

    @Override
    public void close() {
        sync.close();
        ServiceClient<BedrockRuntimeAsyncClient> a = async;
        if (a != null) {
            a.close();
        }
        ModelCatalog c = lazyCatalog;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "TraeBedrockClient[region=" + config.region() + ", endpoint=" + config.endpoint(SERVICE).map(Object::toString).orElse("default")
                + ", catalog=" + (offline() ? "offline" : catalog != null ? "given" : "default") + "]";
    }

    /** Builder for {@link TraeBedrockClient}. */
    public static final class Builder {
        private TraeConfig config;
        private ModelCatalog catalog;
        private CostLedger ledger;
        private ModelPriceTable prices;
        private boolean offline;

        private Builder() {
        }

        /**
         * Offline mode: no catalog; ids are sent as given (no inference-profile resolution), checked only against
         * the built-in table (retired ids, family capabilities).
         */
        public Builder offline() {
            this.offline = true;
            return this;
        }

        public Builder config(TraeConfig c) {
            this.config = c;
            return this;
        }

        /** Resolve and check model ids through this catalog (not closed by the client). */
        public Builder catalog(ModelCatalog c) {
            this.catalog = c;
            return this;
        }

        /** Book calls in this ledger (shared between clients, for example). */
        public Builder ledger(CostLedger l) {
            this.ledger = l;
            return this;
        }

        /** Prices for a new ledger (ignored when a ledger is given). */
        public Builder prices(ModelPriceTable p) {
            this.prices = p;
            return this;
        }

        public TraeBedrockClient build() {
            if (offline && catalog != null) {
                throw new TraeValidationException("catalog", "an offline client takes no catalog");
            }
            return new TraeBedrockClient(this);
        }
    }

}
