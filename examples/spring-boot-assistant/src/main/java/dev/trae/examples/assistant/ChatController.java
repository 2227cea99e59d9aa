package dev.trae.examples.assistant;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.lex.LexClient;
import dev.trae.aws.lex.LexSession;
import dev.trae.aws.lex.LexTurn;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat box ({@code POST /api/chat}: Bedrock's answer streamed as server-sent events {@code token}, then
 * {@code done} with usage and cost, or {@code error}), the Lex box ({@code POST /api/lex}) and the running cost
 * ({@code GET /api/cost}, from the Bedrock client's cost ledger). An empty or over-long message is a 400 before any
 * call.
 */
@RestController
public class ChatController {
    private static final Logger LOG = LoggerFactory.getLogger(ChatController.class);
    static final int MAX_MESSAGE_CHARS = 2000;
    private static final String SYSTEM = "You help the operator of a fuel station: deliveries, pumps, prices, safety. Answer briefly.";

    private final TraeBedrockClient bedrock;
    private final LexClient lex;
    private final LexBot bot;
    private final AssistantProperties properties;

    public ChatController(TraeBedrockClient bedrock, LexClient lex, LexBot bot, AssistantProperties properties) {
        this.bedrock = bedrock;
        this.lex = lex;
        this.bot = bot;
        this.properties = properties;
    }

    /** The body of the chat and Lex calls. */
    public record MessageRequest(String message) {
    }

    static String checked(MessageRequest body) {
        String m = body == null || body.message() == null ? "" : body.message().strip();
        if (m.isEmpty()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "Type a message first: the message is empty.");
        }
        if (m.length() > MAX_MESSAGE_CHARS) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "The message is too long (" + m.length()
                    + " characters): keep it under " + MAX_MESSAGE_CHARS + ".");
        }
        return m;
    }

    @PostMapping(path = "/api/chat", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public SseEmitter chat(@RequestBody(required = false) MessageRequest body) {
        String message = checked(body);
        ConverseRequest request = ConverseRequest.builder().app("assistant").modelId(properties.modelId())
                .system(SYSTEM).user(message).build();
        SseEmitter emitter = new SseEmitter(120_000L);
        bedrock.converseStream(request, new StreamListener() {
            @Override
            public void onText(String delta) {
                send(emitter, "token", Map.of("text", delta));
            }

            @Override
            public void onComplete(ConverseResult result) {
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("inputTokens", result.usage().inputTokens());
                done.put("outputTokens", result.usage().outputTokens());
                done.put("costUsd", result.cost().map(BigDecimal::toPlainString).orElse("n/a"));
                send(emitter, "done", done);
                emitter.complete();
            }

            @Override
            public void onError(RuntimeException error) {
                LOG.warn("chat stream failed: {}", error.toString());
                send(emitter, "error", Map.of("error", "The model stopped answering; try again."));
                emitter.complete();
            }
        });
        return emitter;
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // the browser went away; the stream's remaining events are dropped
            LOG.debug("client gone: {}", e.toString());
        }
    }

    @PostMapping(path = "/api/lex", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> lex(@RequestBody(required = false) MessageRequest body, HttpSession http) {
        String message = checked(body);
        LexSession session = (LexSession) http.getAttribute("lexSession");
        if (session == null) {
            session = lex.session(bot.ref());
            http.setAttribute("lexSession", session);
        }
        LexTurn turn = session.say(message);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reply", turn.reply());
        out.put("intent", turn.intent().orElse(""));
        out.put("state", turn.intentState().wireName());
        return out;
    }

    @GetMapping(path = "/api/cost", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> cost() {
        TokenUsage usage = bedrock.ledger().totalUsage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalUsd", bedrock.ledger().totalCost().toPlainString());
        out.put("inputTokens", usage.inputTokens());
        out.put("outputTokens", usage.outputTokens());
        out.put("calls", bedrock.ledger().entries().size());
        return out;
    }
}
