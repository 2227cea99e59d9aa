package dev.trae.testkit.aws.bedrockagentruntime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of Bedrock Agent Runtime knowledge bases (REST-JSON): {@code Retrieve}
 * ({@code POST /knowledgebases/{knowledgeBaseId}/retrieve}) and {@code RetrieveAndGenerate}
 * ({@code POST /retrieveAndGenerate}).
 *
 * <p>Documents added with {@link #addDocument(String, String, String)} are split into paragraphs;
 * retrieval scores them by the share of query terms they contain (deterministic). RetrieveAndGenerate
 * answers with the best-matching sentence of each of the top passages, cites them with spans, and keeps
 * a session: a follow-up question in the same session is retrieved together with the earlier ones.
 * Thread-safe.
 */
public final class BedrockAgentRuntimeFake implements FakeService {
    private static final Set<String> STOP = Set.of("a", "an", "the", "is", "are", "what", "which", "how", "do", "does",
            "of", "to", "in", "on", "for", "and", "or", "it", "its", "i", "we", "you", "can", "with", "at", "by", "be",
            "this", "that", "there", "when", "where", "who", "why", "my", "our", "me", "about", "tell");

    private record Chunk(String uri, String text, Map<String, String> metadata) {
    }

    private final Map<String, List<Chunk>> bases = new ConcurrentHashMap<>();
    private final Map<String, List<String>> sessions = new ConcurrentHashMap<>();

    /** Creates an empty knowledge base (also created by the first document). */
    public BedrockAgentRuntimeFake knowledgeBase(String id) {
        bases.computeIfAbsent(Objects.requireNonNull(id), k -> new CopyOnWriteArrayList<>());
        return this;
    }

    /** Adds a document at {@code s3Uri}; each blank-line-separated paragraph becomes one chunk. */
    public BedrockAgentRuntimeFake addDocument(String knowledgeBaseId, String s3Uri, String text) {
        List<Chunk> chunks = bases.computeIfAbsent(knowledgeBaseId, k -> new CopyOnWriteArrayList<>());
        for (String para : text.split("\\n\\s*\\n")) {
            if (!para.isBlank()) {
                chunks.add(new Chunk(s3Uri, para.strip(), Map.of("x-amz-bedrock-kb-source-uri", s3Uri)));
            }
        }
        return this;
    }

    /** Questions asked so far in a session (empty for an unknown session). */
    public List<String> session(String sessionId) {
        return List.copyOf(sessions.getOrDefault(sessionId, List.of()));
    }

    private static final String MODEL = "software.amazon.awssdk.services.bedrockagentruntime.model.";

    @Override
    public void install(FakeAwsServer server) {
        server.rest("Retrieve", "POST", "/knowledgebases/{knowledgeBaseId}/retrieve", this::retrieve);
        server.rest("RetrieveAndGenerate", "POST", "/retrieveAndGenerate", this::retrieveAndGenerate);
        // Request checks: enum values and member types from the SDK model; required members and lengths from
        // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Retrieve.html and
        // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_RetrieveAndGenerate.html
        server.validate("Retrieve", dev.trae.testkit.wire.SdkModelCheck.ifPresent(MODEL + "RetrieveRequest",
                c -> c.required("retrievalQuery").length("knowledgeBaseId", 0, 2048).length("nextToken", 1, 2048)));
        server.validate("RetrieveAndGenerate", dev.trae.testkit.wire.SdkModelCheck.ifPresent(MODEL + "RetrieveAndGenerateRequest",
                c -> c.required("input").length("sessionId", 2, 100).pattern("sessionId", "^[0-9a-zA-Z._:-]+$")));
    }

    static Set<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 1 && !STOP.contains(w)) {
                out.add(w.length() > 4 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }

    private static double score(Set<String> query, String text) {
        if (query.isEmpty()) {
            return 0;
        }
        Set<String> t = terms(text);
        long hits = query.stream().filter(t::contains).count();
        return Math.round((double) hits / query.size() * 10000) / 10000.0;
    }

    private List<Map.Entry<Chunk, Double>> search(String kb, String query, int n) {
        Set<String> q = terms(query);
        List<Map.Entry<Chunk, Double>> scored = new ArrayList<>();
        for (Chunk c : bases.getOrDefault(kb, List.of())) {
            double s = score(q, c.text());
            if (s > 0) {
                scored.add(Map.entry(c, s));
            }
        }
        scored.sort(Comparator.<Map.Entry<Chunk, Double>>comparingDouble(Map.Entry::getValue).reversed());
        return scored.subList(0, Math.min(n, scored.size()));
    }

    private static ObjectNode reference(Chunk c) {
        ObjectNode r = Json.object();
        r.putObject("content").put("text", c.text()).put("type", "TEXT");
        ObjectNode loc = r.putObject("location");
        loc.put("type", "S3");
        loc.putObject("s3Location").put("uri", c.uri());
        ObjectNode md = r.putObject("metadata");
        c.metadata().forEach(md::put);
        return r;
    }

    private FakeResponse retrieve(FakeRequest req) {
        String kb = req.pathParam("knowledgeBaseId");
        if (!bases.containsKey(kb)) {
            return FakeResponse.error(404, "ResourceNotFoundException", "knowledge base " + kb + " does not exist");
        }
        JsonNode b = req.json();
        String text = b.path("retrievalQuery").path("text").asText("");
        if (text.isBlank()) {
            return FakeResponse.error(400, "ValidationException", "retrievalQuery.text must not be empty");
        }
        int n = b.path("retrievalConfiguration").path("vectorSearchConfiguration").path("numberOfResults").asInt(5);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("retrievalResults");
        for (Map.Entry<Chunk, Double> e : search(kb, text, n)) {
            ObjectNode r = reference(e.getKey());
            r.put("score", e.getValue());
            arr.add(r);
        }
        return FakeResponse.json(out);
    }

    private FakeResponse retrieveAndGenerate(FakeRequest req) {
        JsonNode b = req.json();
        String question = b.path("input").path("text").asText("");
        if (question.isBlank()) {
            return FakeResponse.error(400, "ValidationException", "input.text must not be empty");
        }
        JsonNode cfg = b.path("retrieveAndGenerateConfiguration");
        if (!"KNOWLEDGE_BASE".equals(cfg.path("type").asText())) {
            return FakeResponse.error(400, "ValidationException", "only type KNOWLEDGE_BASE is supported by the fake");
        }
        String kb = cfg.path("knowledgeBaseConfiguration").path("knowledgeBaseId").asText("");
        String modelArn = cfg.path("knowledgeBaseConfiguration").path("modelArn").asText("");
        if (kb.isEmpty() || modelArn.isEmpty()) {
            return FakeResponse.error(400, "ValidationException", "knowledgeBaseId and modelArn are required");
        }
        if (!bases.containsKey(kb)) {
            return FakeResponse.error(404, "ResourceNotFoundException", "knowledge base " + kb + " does not exist");
        }
        String sessionId = b.path("sessionId").asText("");
        if (!sessionId.isEmpty() && !sessions.containsKey(sessionId)) {
            return FakeResponse.error(400, "ValidationException", "session " + sessionId + " is not valid or has expired");
        }
        if (sessionId.isEmpty()) {
            sessionId = UUID.randomUUID().toString();
            sessions.put(sessionId, new CopyOnWriteArrayList<>());
        }
        List<String> history = sessions.get(sessionId);
        String query = String.join(" ", history) + " " + question;
        int n = cfg.path("knowledgeBaseConfiguration").path("retrievalConfiguration").path("vectorSearchConfiguration")
                .path("numberOfResults").asInt(3);
        List<Map.Entry<Chunk, Double>> hits = search(kb, query, Math.min(n, 3));
        // prefer passages matching the new question itself
        Set<String> qTerms = terms(question);
        hits = new ArrayList<>(hits);
        hits.sort(Comparator.<Map.Entry<Chunk, Double>>comparingDouble(e -> score(qTerms, e.getKey().text())).reversed());
        history.add(question);
        ObjectNode out = Json.object();
        out.put("sessionId", sessionId);
        ArrayNode citations = out.putArray("citations");
        StringBuilder answer = new StringBuilder();
        if (hits.isEmpty()) {
            answer.append("Sorry, I am unable to assist you with this request.");
        } else {
            for (Map.Entry<Chunk, Double> e : hits) {
                String sentence = bestSentence(e.getKey().text(), query);
                int start = answer.length();
                answer.append(sentence);
                int end = answer.length();
                answer.append(' ');
                ObjectNode c = citations.addObject();
                ObjectNode part = c.putObject("generatedResponsePart").putObject("textResponsePart");
                part.put("text", sentence);
                part.putObject("span").put("start", start).put("end", end - 1);
                c.putArray("retrievedReferences").add(reference(e.getKey()));
            }
        }
        out.putObject("output").put("text", answer.toString().strip());
        return FakeResponse.json(out);
    }

    private static String bestSentence(String text, String query) {
        Set<String> q = terms(query);
        String best = text;
        double bestScore = -1;
        for (String s : text.split("(?<=[.!?])\\s+")) {
            double sc = score(q, s);
            if (sc > bestScore) {
                best = s;
                bestScore = sc;
            }
        }
        return best.strip();
    }
}
