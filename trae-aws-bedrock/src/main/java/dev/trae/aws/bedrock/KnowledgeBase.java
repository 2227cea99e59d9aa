package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.Passage;
import dev.trae.aws.bedrock.model.RagAnswer;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateStreamRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateStreamResponseHandler;
import software.amazon.awssdk.services.bedrockagentruntime.model.Citation;
import software.amazon.awssdk.services.bedrockagentruntime.model.KnowledgeBaseRetrievalResult;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievalResultLocation;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateType;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievedReference;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Knowledge-base RAG on Bedrock Agent Runtime: {@link #retrieve} passages, and {@link #ask}
 * (RetrieveAndGenerate) for an answer with citations; a {@link Session} carries the session id so that
 * follow-up questions keep their context. Thread-safe.
 *
 * <pre>{@code
 * try (KnowledgeBase kb = KnowledgeBase.create(config)) {
 *     KnowledgeBase.Session s = kb.session("KB12345678", "amazon.nova-pro-v1:0");
 *     RagAnswer a = s.ask("How often are pump nozzles inspected?");
 *     RagAnswer b = s.ask("And who signs the report?");   // same session
 * }
 * }</pre>
 */
public final class KnowledgeBase implements AutoCloseable {
    /** The endpoint service name in {@link TraeConfig}. */
    public static final String SERVICE = "bedrock-agent-runtime";
    private static final Pattern KB_ID = Pattern.compile("[0-9a-zA-Z]{1,10}");
    private static final int MAX_QUERY_CHARS = 20_000;

    private final TraeConfig config;
    private final ServiceClient<BedrockAgentRuntimeClient> client;
    private volatile ServiceClient<BedrockAgentRuntimeAsyncClient> async;
    /** The account of inference-profile ARNs: given, or from STS GetCallerIdentity once. */
    private volatile String account;

    private KnowledgeBase(TraeConfig config, String account) {
        this.config = Objects.requireNonNull(config);
        this.client = AwsClients.of(config).service(Services.BEDROCK_AGENT_RUNTIME, BedrockAgentRuntimeClient::builder);
        this.account = account;
    }

    private ServiceClient<BedrockAgentRuntimeAsyncClient> async() {
        ServiceClient<BedrockAgentRuntimeAsyncClient> a = async;
        if (a == null) {
            synchronized (this) {
                a = async;
                if (a == null) {
                    a = AwsClients.of(config).asyncService(Services.BEDROCK_AGENT_RUNTIME, BedrockAgentRuntimeAsyncClient::builder);
                    async = a;
                }
            }
        }
        return a;
    }

    /** A knowledge-base client; the account of inference-profile ARNs comes from STS GetCallerIdentity when first needed. */
    public static KnowledgeBase create(TraeConfig config) {
        return new KnowledgeBase(config, null);
    }

    /** A knowledge-base client that builds inference-profile ARNs in {@code accountId} (no STS call). */
    public static KnowledgeBase create(TraeConfig config, String accountId) {
        if (accountId == null || !accountId.matches("[0-9]{12}")) {
            throw new TraeValidationException("accountId", "must be a 12-digit AWS account id");
        }
        return new KnowledgeBase(config, accountId);
    }

    /** The account id of the credentials (STS GetCallerIdentity, asked once and cached). */
    private String account() {
        String a = account;
        if (a == null) {
            synchronized (this) {
                a = account;
                if (a == null) {
                    try (ServiceClient<StsClient> sts = AwsClients.of(config).service(Services.STS, StsClient::builder)) {
                        a = sts.call("GetCallerIdentity", Idempotency.IDEMPOTENT, c -> c.getCallerIdentity(b -> { })).account();
                    }
                    account = a;
                }
            }
        }
        return a;
    }

    private static void kb(String id) {
        if (id == null || !KB_ID.matcher(id).matches()) {
            throw new TraeValidationException("knowledgeBaseId", "must be 1 to 10 letters or digits");
        }
    }

    private static void query(String q) {
        if (q == null || q.isBlank()) {
            throw new TraeValidationException("query", "must not be empty");
        }
        if (q.length() > MAX_QUERY_CHARS) {
            throw new TraeValidationException("query", "is " + q.length() + " characters; at most " + MAX_QUERY_CHARS);
        }
    }

    /** The {@code maxResults} passages most relevant to {@code query} (1 to 100). */
    public List<Passage> retrieve(String knowledgeBaseId, String query, int maxResults) {
        kb(knowledgeBaseId);
        query(query);
        if (maxResults < 1 || maxResults > 100) {
            throw new TraeValidationException("maxResults", "must be between 1 and 100, was " + maxResults);
        }
        RetrieveResponse r = client.call("Retrieve", kbc -> kbc.retrieve(b -> b.knowledgeBaseId(knowledgeBaseId)
                .retrievalQuery(q -> q.text(query))
                .retrievalConfiguration(c -> c.vectorSearchConfiguration(v -> v.numberOfResults(maxResults)))));
        List<Passage> out = new ArrayList<>();
        for (KnowledgeBaseRetrievalResult x : r.retrievalResults()) {
            out.add(new Passage(x.content() == null ? "" : x.content().text(), uri(x.location()), Optional.ofNullable(x.score()),
                    strings(x.metadata()), type(x.location())));
        }
        return out;
    }

    /** RetrieveAndGenerate in a new session. */
    public RagAnswer ask(String knowledgeBaseId, String modelId, String question) {
        return ask(knowledgeBaseId, modelId, question, null);
    }

    /** RetrieveAndGenerate, continuing {@code sessionId} when it is not null. */
    public RagAnswer ask(String knowledgeBaseId, String modelId, String question, String sessionId) {
        RetrieveAndGenerateRequest req = request(knowledgeBaseId, modelId, question, sessionId);
        // RetrieveAndGenerate continues the session's dialogue: not retried once it may have reached the service
        RetrieveAndGenerateResponse r = client.call("RetrieveAndGenerate", Idempotency.NON_IDEMPOTENT, c -> c.retrieveAndGenerate(req));
        List<RagAnswer.Citation> citations = new ArrayList<>();
        r.citations().forEach(c -> citations.add(citation(c)));
        return new RagAnswer(r.output() == null ? "" : r.output().text(), citations, r.sessionId(),
                "INTERVENED".equals(r.guardrailActionAsString()));
    }

    /** The checked request of {@link #ask} and {@link #askStream} (validation before any call). */
    private RetrieveAndGenerateRequest request(String knowledgeBaseId, String modelId, String question, String sessionId) {
        kb(knowledgeBaseId);
        query(question);
        String modelArn = modelArn(modelId);
        if (sessionId != null && !sessionId.matches("[0-9a-zA-Z._:-]{2,100}")) {
            throw new TraeValidationException("sessionId", "is not a valid session id");
        }
        return RetrieveAndGenerateRequest.builder()
                .input(i -> i.text(question))
                .retrieveAndGenerateConfiguration(c -> c.type(RetrieveAndGenerateType.KNOWLEDGE_BASE)
                        .knowledgeBaseConfiguration(k -> k.knowledgeBaseId(knowledgeBaseId).modelArn(modelArn)))
                .sessionId(sessionId).build();
    }

    private static RagAnswer.Citation citation(Citation c) {
        var part = c.generatedResponsePart() == null ? null : c.generatedResponsePart().textResponsePart();
        List<Passage> refs = new ArrayList<>();
        for (RetrievedReference ref : c.retrievedReferences()) {
            refs.add(new Passage(ref.content() == null ? "" : ref.content().text(), uri(ref.location()), Optional.empty(),
                    strings(ref.metadata()), type(ref.location())));
        }
        return new RagAnswer.Citation(part == null ? "" : part.text(),
                part == null || part.span() == null ? 0 : part.span().start(),
                part == null || part.span() == null ? 0 : part.span().end(), refs);
    }

    /**
     * RetrieveAndGenerateStream: the answer arrives in pieces ({@code output} events, each given to {@code onText} on
     * an SDK thread) interleaved with {@code citation} events; the future completes with the whole answer, its
     * citations and the session id. Validation happens now and throws. Not retried once the request may have
     * reached the service (no text is ever repeated).
     */
    public CompletableFuture<RagAnswer> askStream(String knowledgeBaseId, String modelId, String question, String sessionId,
                                                  Consumer<String> onText) {
        Objects.requireNonNull(onText, "onText");
        RetrieveAndGenerateRequest plain = request(knowledgeBaseId, modelId, question, sessionId);
        RetrieveAndGenerateStreamRequest req = RetrieveAndGenerateStreamRequest.builder().input(plain.input())
                .retrieveAndGenerateConfiguration(plain.retrieveAndGenerateConfiguration()).sessionId(plain.sessionId()).build();
        ServiceClient<BedrockAgentRuntimeAsyncClient> a = async();
        return a.callAsync("RetrieveAndGenerateStream", Idempotency.NON_IDEMPOTENT, a.start("RetrieveAndGenerateStream"), c -> {
            StringBuilder text = new StringBuilder();
            List<RagAnswer.Citation> citations = java.util.Collections.synchronizedList(new ArrayList<>());
            String[] session = new String[1];
            boolean[] intervened = new boolean[1];
            RetrieveAndGenerateStreamResponseHandler.Visitor visitor = RetrieveAndGenerateStreamResponseHandler.Visitor.builder()
                    .onOutput(o -> {
                        if (o.text() != null) {
                            synchronized (text) {
                                text.append(o.text());
                            }
                            onText.accept(o.text());
                        }
                    })
                    .onCitation(e -> {
                        // the event carries the citation twice (nested and, deprecated, at the top level): use the nested one
                        Citation cit = e.citation() != null ? e.citation() : Citation.builder()
                                .generatedResponsePart(e.generatedResponsePart()).retrievedReferences(e.retrievedReferences()).build();
                        citations.add(citation(cit));
                    })
                    .onGuardrail(g -> intervened[0] = "INTERVENED".equals(g.actionAsString()))
                    .build();
            RetrieveAndGenerateStreamResponseHandler handler = RetrieveAndGenerateStreamResponseHandler.builder()
                    .onResponse(r -> session[0] = r.sessionId())
                    .subscriber(visitor).build();
            return c.retrieveAndGenerateStream(req, handler).thenApply(v -> {
                synchronized (text) {
                    return new RagAnswer(text.toString(), citations, session[0], intervened[0]);
                }
            });
        });
    }

    /** {@link #askStream(String, String, String, String, Consumer)} in a new session. */
    public CompletableFuture<RagAnswer> askStream(String knowledgeBaseId, String modelId, String question, Consumer<String> onText) {
        return askStream(knowledgeBaseId, modelId, question, null, onText);
    }

    /** A conversation with a knowledge base whose follow-up questions share the service session. Thread-safe. */
    public Session session(String knowledgeBaseId, String modelId) {
        kb(knowledgeBaseId);
        RequestValidator.modelId(modelId);
        return new Session(knowledgeBaseId, modelId);
    }

    /** Keeps the session id between questions. */
    public final class Session {
        private final String knowledgeBaseId;
        private final String modelId;
        private volatile String sessionId;

        private Session(String knowledgeBaseId, String modelId) {
            this.knowledgeBaseId = knowledgeBaseId;
            this.modelId = modelId;
        }

        public synchronized RagAnswer ask(String question) {
            RagAnswer a = KnowledgeBase.this.ask(knowledgeBaseId, modelId, question, sessionId);
            sessionId = a.sessionId();
            return a;
        }

        /** The service session id, once the first question was answered. */
        public Optional<String> sessionId() {
            return Optional.ofNullable(sessionId);
        }
    }

    /**
     * A model id, inference-profile id or ARN as the ARN RetrieveAndGenerate expects: a foundation model's ARN has no
     * account, an inference profile's has the caller's
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-use.html).
     */
    String modelArn(String modelId) {
        RequestValidator.modelId(modelId);
        if (modelId.startsWith("arn:")) {
            return modelId;
        }
        String partition = config.region().id().startsWith("cn-") ? "aws-cn" : config.region().id().startsWith("us-gov-") ? "aws-us-gov" : "aws";
        if (!KnownModels.baseId(modelId).equals(modelId)) {
            return "arn:" + partition + ":bedrock:" + config.region().id() + ":" + account() + ":inference-profile/" + modelId;
        }
        return "arn:" + partition + ":bedrock:" + config.region().id() + "::foundation-model/" + modelId;
    }

    /**
     * Where a passage comes from, by location type (API reference, RetrievalResultLocation:
     * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_RetrievalResultLocation.html). A CUSTOM
     * data source has no URI: its document id is the source. Never the type name itself.
     */
    private static String uri(RetrievalResultLocation l) {
        if (l == null) {
            return "";
        }
        if (l.s3Location() != null) {
            return nz(l.s3Location().uri());
        }
        if (l.webLocation() != null) {
            return nz(l.webLocation().url());
        }
        if (l.confluenceLocation() != null) {
            return nz(l.confluenceLocation().url());
        }
        if (l.sharePointLocation() != null) {
            return nz(l.sharePointLocation().url());
        }
        if (l.salesforceLocation() != null) {
            return nz(l.salesforceLocation().url());
        }
        if (l.kendraDocumentLocation() != null) {
            return nz(l.kendraDocumentLocation().uri());
        }
        if (l.customDocumentLocation() != null) {
            return nz(l.customDocumentLocation().id());
        }
        return "";
    }

    private static String type(RetrievalResultLocation l) {
        return l == null || l.typeAsString() == null ? "" : l.typeAsString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> strings(Map<String, Document> md) {
        Map<String, String> out = new LinkedHashMap<>();
        if (md != null) {
            md.forEach((k, v) -> out.put(k, v.isString() ? v.asString() : Docs.toJson(v).toString()));
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        ServiceClient<BedrockAgentRuntimeAsyncClient> a = async;
        if (a != null) {
            a.close();
        }
    }
}
