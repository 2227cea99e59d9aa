package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.Passage;
import dev.trae.aws.bedrock.model.RagAnswer;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.Citation;
import software.amazon.awssdk.services.bedrockagentruntime.model.KnowledgeBaseRetrievalResult;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievalResultLocation;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateType;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievedReference;

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
    private final BedrockAgentRuntimeClient client;
    private final Resilience resilience;

    private KnowledgeBase(TraeConfig config) {
        this.config = Objects.requireNonNull(config);
        AwsClients clients = AwsClients.of(config);
        this.client = clients.sync(SERVICE, BedrockAgentRuntimeClient::builder, AwsClients.Profile.GENERATIVE, b -> { });
        this.resilience = clients.resilience();
    }

    public static KnowledgeBase create(TraeConfig config) {
        return new KnowledgeBase(config);
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
        RetrieveResponse r = resilience.call(SERVICE, "Retrieve", () -> client.retrieve(b -> b.knowledgeBaseId(knowledgeBaseId)
                .retrievalQuery(q -> q.text(query))
                .retrievalConfiguration(c -> c.vectorSearchConfiguration(v -> v.numberOfResults(maxResults)))));
        List<Passage> out = new ArrayList<>();
        for (KnowledgeBaseRetrievalResult x : r.retrievalResults()) {
            out.add(new Passage(x.content() == null ? "" : x.content().text(), uri(x.location()), Optional.ofNullable(x.score()),
                    strings(x.metadata())));
        }
        return out;
    }

    /** RetrieveAndGenerate in a new session. */
    public RagAnswer ask(String knowledgeBaseId, String modelId, String question) {
        return ask(knowledgeBaseId, modelId, question, null);
    }

    /** RetrieveAndGenerate, continuing {@code sessionId} when it is not null. */
    public RagAnswer ask(String knowledgeBaseId, String modelId, String question, String sessionId) {
        kb(knowledgeBaseId);
        query(question);
        String modelArn = modelArn(modelId);
        if (sessionId != null && !sessionId.matches("[0-9a-zA-Z._:-]{2,100}")) {
            throw new TraeValidationException("sessionId", "is not a valid session id");
        }
        RetrieveAndGenerateRequest.Builder b = RetrieveAndGenerateRequest.builder()
                .input(i -> i.text(question))
                .retrieveAndGenerateConfiguration(c -> c.type(RetrieveAndGenerateType.KNOWLEDGE_BASE)
                        .knowledgeBaseConfiguration(k -> k.knowledgeBaseId(knowledgeBaseId).modelArn(modelArn)));
        if (sessionId != null) {
            b.sessionId(sessionId);
        }
        RetrieveAndGenerateRequest req = b.build();
        RetrieveAndGenerateResponse r = resilience.call(SERVICE, "RetrieveAndGenerate", () -> client.retrieveAndGenerate(req));
        List<RagAnswer.Citation> citations = new ArrayList<>();
        for (Citation c : r.citations()) {
            var part = c.generatedResponsePart() == null ? null : c.generatedResponsePart().textResponsePart();
            List<Passage> refs = new ArrayList<>();
            for (RetrievedReference ref : c.retrievedReferences()) {
                refs.add(new Passage(ref.content() == null ? "" : ref.content().text(), uri(ref.location()), Optional.empty(),
                        strings(ref.metadata())));
            }
            citations.add(new RagAnswer.Citation(part == null ? "" : part.text(),
                    part == null || part.span() == null ? 0 : part.span().start(),
                    part == null || part.span() == null ? 0 : part.span().end(), refs));
        }
        return new RagAnswer(r.output() == null ? "" : r.output().text(), citations, r.sessionId(),
                "INTERVENED".equals(r.guardrailActionAsString()));
    }

    /** A conversation with a knowledge base whose follow-up questions share the service session. Thread-safe. */
    public Session session(String knowledgeBaseId, String modelId) {
        kb(knowledgeBaseId);
        modelArn(modelId);
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

    /** A model id, profile id or ARN as the ARN RetrieveAndGenerate expects. */
    String modelArn(String modelId) {
        RequestValidator.modelId(modelId);
        if (modelId.startsWith("arn:")) {
            return modelId;
        }
        if (!KnownModels.baseId(modelId).equals(modelId)) {
            throw new TraeValidationException("modelId", "an inference profile needs its full ARN here (arn:aws:bedrock:<region>:<account>:inference-profile/"
                    + modelId + ")");
        }
        return "arn:aws:bedrock:" + config.region().id() + "::foundation-model/" + modelId;
    }

    private static String uri(RetrievalResultLocation l) {
        if (l == null) {
            return "";
        }
        if (l.s3Location() != null) {
            return l.s3Location().uri();
        }
        if (l.webLocation() != null) {
            return l.webLocation().url();
        }
        if (l.confluenceLocation() != null) {
            return l.confluenceLocation().url();
        }
        return l.typeAsString() == null ? "" : l.typeAsString();
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
    }
}
