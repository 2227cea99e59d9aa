package dev.trae.aws.bedrock.internal;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.InferenceConfig;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.ModelCapabilities;
import dev.trae.aws.bedrock.model.Role;
import dev.trae.aws.bedrock.model.ToolSpec;
import dev.trae.aws.core.TraeValidationException;

/** Checks requests against the Converse API's documented limits, before any network call. */
public final class RequestValidator {
    /** Converse: an image may be at most 3.75 MB, with at most 20 images per request. */
    public static final int MAX_IMAGE_BYTES = 3_750_000;
    public static final int MAX_IMAGES = 20;
    /** Converse: a document may be at most 4.5 MB, with at most 5 documents per request. */
    public static final int MAX_DOCUMENT_BYTES = 4_500_000;
    public static final int MAX_DOCUMENTS = 5;
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,2047}");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern DOC_NAME = Pattern.compile("[A-Za-z0-9\\-()\\[\\]]+( [A-Za-z0-9\\-()\\[\\]]+)*");
    private static final Pattern GUARDRAIL_ID = Pattern.compile("(arn:aws[a-z-]*:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/)?[a-z0-9]{1,64}");
    private static final Pattern GUARDRAIL_VERSION = Pattern.compile("DRAFT|[1-9][0-9]{0,7}");
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final Set<String> DOC_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");

    private RequestValidator() {
    }

    /** Checks a model id's syntax and refuses retired and never-existing ids. */
    public static void modelId(String id) {
        if (id == null || id.isBlank()) {
            throw new TraeValidationException("modelId", "must not be empty; use a model id such as amazon.nova-lite-v1:0");
        }
        if (!MODEL_ID.matcher(id).matches()) {
            throw new TraeValidationException("modelId", "is not a Bedrock model id, inference profile id or ARN");
        }
        KnownModels.retiredReplacement(id).ifPresent(r -> {
            throw new TraeValidationException("modelId", id + " has reached end of life and can no longer be invoked"
                    + (r.isEmpty() ? "; choose an ACTIVE model from the catalog" : "; use " + r));
        });
        KnownModels.nonexistentSuggestion(id).ifPresent(r -> {
            throw new TraeValidationException("modelId", id + " is not a Bedrock model id; did you mean " + r + "?");
        });
    }

    /** Checks an application name (the key of usage, cost and budgets). */
    public static void app(String app) {
        if (app == null || !APP.matcher(app).matches()) {
            throw new TraeValidationException("app", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * Checks a whole Converse request against the given capabilities. The model id itself is checked when it
     * is resolved ({@link #modelId}), which always comes first.
     */
    public static void converse(ConverseRequest r, ModelCapabilities caps) {
        List<Message> messages = r.messages();
        if (messages.isEmpty()) {
            throw new TraeValidationException("messages", "must contain at least one user message (the prompt)");
        }
        if (messages.get(0).role() != Role.USER) {
            throw new TraeValidationException("messages", "the conversation must start with a user message");
        }
        if (messages.get(messages.size() - 1).role() != Role.USER) {
            throw new TraeValidationException("messages", "the conversation must end with a user message");
        }
        int images = 0;
        int documents = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (i > 0 && messages.get(i - 1).role() == m.role()) {
                throw new TraeValidationException("messages", "roles must alternate between user and assistant (message " + i + ")");
            }
            if (m.content().isEmpty() || m.content().stream().allMatch(b -> b.kind() == ContentBlock.Kind.CACHE_POINT)) {
                throw new TraeValidationException("messages", "message " + i + " has no content");
            }
            for (ContentBlock b : m.content()) {
                switch (b.kind()) {
                    case TEXT:
                        if (b.text().orElse("").isBlank() && m.content().size() == 1) {
                            throw new TraeValidationException("prompt", "must not be empty (message " + i + ")");
                        }
                        break;
                    case IMAGE:
                        images++;
                        image(b, caps);
                        break;
                    case DOCUMENT:
                        documents++;
                        document(b, caps);
                        break;
                    case CACHE_POINT:
                        if (!caps.promptCaching()) {
                            throw new TraeValidationException("cachePoint", r.modelId() + " does not support prompt caching");
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        if (images > MAX_IMAGES) {
            throw new TraeValidationException("images", "at most " + MAX_IMAGES + " images per request, was " + images);
        }
        if (documents > MAX_DOCUMENTS) {
            throw new TraeValidationException("documents", "at most " + MAX_DOCUMENTS + " documents per request, was " + documents);
        }
        for (ContentBlock b : r.system()) {
            if (b.kind() != ContentBlock.Kind.TEXT && b.kind() != ContentBlock.Kind.CACHE_POINT) {
                throw new TraeValidationException("system", "system blocks may only be text and cache points");
            }
            if (b.kind() == ContentBlock.Kind.CACHE_POINT && !caps.promptCaching()) {
                throw new TraeValidationException("cachePoint", r.modelId() + " does not support prompt caching");
            }
        }
        inference(r.inference());
        tools(r.tools(), r.toolChoice().toolName().orElse(null), caps);
        r.guardrail().ifPresent(RequestValidator::guardrail);
        app(r.app());
        long estimate = TokenEstimator.request(r);
        if (estimate > caps.contextWindow()) {
            throw new TraeValidationException("prompt", "is about " + estimate + " tokens (estimated), more than the "
                    + caps.contextWindow() + "-token context window of " + r.modelId() + "; shorten it or split the work");
        }
    }

    private static void image(ContentBlock b, ModelCapabilities caps) {
        if (!caps.images()) {
            throw new TraeValidationException("image", "the model does not accept images; choose a multimodal model such as amazon.nova-lite-v1:0");
        }
        String f = b.format().orElse("");
        if (!IMAGE_FORMATS.contains(f)) {
            throw new TraeValidationException("image", "format must be one of " + IMAGE_FORMATS + ", was " + f);
        }
        if (b.byteLength() == 0) {
            throw new TraeValidationException("image", "is empty");
        }
        if (b.byteLength() > MAX_IMAGE_BYTES) {
            throw new TraeValidationException("image", "is " + b.byteLength() + " bytes; Converse accepts at most " + MAX_IMAGE_BYTES
                    + " bytes per image. Downscale or recompress it");
        }
        if (!ImageFormats.matches(b.bytes(), f)) {
            throw new TraeValidationException("image", "bytes are not a valid " + f + " image (corrupt or wrong format)");
        }
    }

    private static void document(ContentBlock b, ModelCapabilities caps) {
        if (!caps.documents()) {
            throw new TraeValidationException("document", "the model does not accept documents");
        }
        String f = b.format().orElse("");
        if (!DOC_FORMATS.contains(f)) {
            throw new TraeValidationException("document", "format must be one of " + DOC_FORMATS + ", was " + f);
        }
        String name = b.name().orElse("");
        if (name.length() > 200 || !DOC_NAME.matcher(name).matches()) {
            throw new TraeValidationException("document.name", "may contain only letters, digits, single spaces, hyphens, "
                    + "parentheses and square brackets (at most 200 characters)");
        }
        if (b.byteLength() == 0 || b.byteLength() > MAX_DOCUMENT_BYTES) {
            throw new TraeValidationException("document", "must be 1 to " + MAX_DOCUMENT_BYTES + " bytes, was " + b.byteLength());
        }
    }

    static void inference(InferenceConfig c) {
        c.maxTokens().ifPresent(n -> {
            if (n < 1) {
                throw new TraeValidationException("maxTokens", "must be at least 1, was " + n);
            }
        });
        c.temperature().ifPresent(t -> {
            if (!(t >= 0 && t <= 1)) {
                throw new TraeValidationException("temperature", "must be between 0 and 1, was " + t);
            }
        });
        c.topP().ifPresent(p -> {
            if (!(p >= 0 && p <= 1)) {
                throw new TraeValidationException("topP", "must be between 0 and 1, was " + p);
            }
        });
        if (c.stopSequences().size() > 4 || c.stopSequences().stream().anyMatch(String::isEmpty)) {
            throw new TraeValidationException("stopSequences", "at most 4 non-empty stop sequences");
        }
    }

    /** Checks tool specs: names, uniqueness, object schemas whose {@code required} names exist. */
    public static void tools(List<ToolSpec> tools, String forced, ModelCapabilities caps) {
        if (tools.isEmpty()) {
            if (forced != null) {
                throw new TraeValidationException("toolChoice", "names tool " + forced + " but no tools are offered");
            }
            return;
        }
        if (!caps.tools()) {
            throw new TraeValidationException("tools", "the model does not support tool use");
        }
        Set<String> names = new HashSet<>();
        for (ToolSpec t : tools) {
            if (!TOOL_NAME.matcher(t.name()).matches()) {
                throw new TraeValidationException("tool.name", "must match [a-zA-Z0-9_-]{1,64}");
            }
            if (!names.add(t.name())) {
                throw new TraeValidationException("tool.name", "duplicate tool " + t.name());
            }
            if (t.description().isBlank()) {
                throw new TraeValidationException("tool.description", "tool " + t.name() + " needs a description; models choose tools by it");
            }
            schema(t.name(), t.inputSchema());
        }
        if (forced != null && !names.contains(forced)) {
            throw new TraeValidationException("toolChoice", "names tool " + forced + " which is not offered");
        }
    }

    static void schema(String tool, JsonNode s) {
        if (!s.isObject() || !"object".equals(s.path("type").asText())) {
            throw new TraeValidationException("tool.inputSchema", "of " + tool + " must be a JSON schema object with \"type\": \"object\"");
        }
        JsonNode props = s.path("properties");
        if (!props.isMissingNode() && !props.isObject()) {
            throw new TraeValidationException("tool.inputSchema", "of " + tool + ": \"properties\" must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new TraeValidationException("tool.inputSchema", "of " + tool + ": property " + e.getKey() + " must be a schema object");
            }
        }
        JsonNode required = s.path("required");
        if (!required.isMissingNode()) {
            if (!required.isArray()) {
                throw new TraeValidationException("tool.inputSchema", "of " + tool + ": \"required\" must be an array");
            }
            for (JsonNode r : required) {
                if (!r.isTextual() || !props.has(r.asText())) {
                    throw new TraeValidationException("tool.inputSchema", "of " + tool + ": required property " + r + " is not defined");
                }
            }
        }
    }

    public static void guardrail(GuardrailConfig g) {
        if (!GUARDRAIL_ID.matcher(g.identifier()).matches()) {
            throw new TraeValidationException("guardrail.identifier", "must be a guardrail id or ARN");
        }
        if (!GUARDRAIL_VERSION.matcher(g.version()).matches()) {
            throw new TraeValidationException("guardrail.version", "must be DRAFT or a version number");
        }
    }
}
