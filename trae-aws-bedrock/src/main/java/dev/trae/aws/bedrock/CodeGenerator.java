package dev.trae.aws.bedrock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.trae.aws.bedrock.internal.CodeOutputParser;
import dev.trae.aws.bedrock.internal.CodeValidator;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.CodeRequest;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.Diagnostic;
import dev.trae.aws.bedrock.model.GeneratedCode;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.RefinementRound;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.TraeValidationException;

/**
 * Code generation and analysis through Bedrock Converse: a prompt, a target language and code context in;
 * {@link GeneratedCode} (files with paths and languages, explanation, suggestions) out, parsed robustly
 * from the model's text. With validation on, Java is compiled in-process ({@code javax.tools}) and JSON,
 * YAML and XML are parsed; errors go back to the model for up to {@code maxRounds} calls and every round is
 * reported. With a {@link StreamListener}, tokens are delivered as they are generated (for IDEs).
 * Thread-safe.
 *
 * <pre>{@code
 * try (TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
 *     CodeGenerator gen = CodeGenerator.create(bedrock, "us.anthropic.claude-sonnet-4-6");
 *     GeneratedCode code = gen.generate(r -> r.prompt("Write a Java class named PriceCalculator").language("java"));
 *     code.rounds().forEach(round -> System.out.println(round.round() + ": " + round.diagnostics()));
 * }
 * }</pre>
 */
public final class CodeGenerator {
    /** Languages accepted as targets. */
    public static final Set<String> LANGUAGES = Set.of("java", "kotlin", "python", "javascript", "typescript", "json", "yaml",
            "xml", "html", "css", "sql", "bash", "go", "rust", "csharp");
    private static final int MAX_PROMPT_CHARS = 200_000;
    private static final int MAX_CONTEXT_CHARS = 600_000;

    /** Receives each validate-and-refine round as it completes. */
    @FunctionalInterface
    public interface RoundListener {
        void onRound(RefinementRound round);
    }

    private final TraeBedrockClient client;
    private final String modelId;
    private final int maxTokens;

    private CodeGenerator(TraeBedrockClient client, String modelId, int maxTokens) {
        this.client = Objects.requireNonNull(client, "client");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.maxTokens = maxTokens;
    }

    /** A generator on {@code modelId} with up to 8,192 output tokens per call. */
    public static CodeGenerator create(TraeBedrockClient client, String modelId) {
        return new CodeGenerator(client, modelId, 8192);
    }

    /** The same generator with another output-token limit per call. */
    public CodeGenerator withMaxTokens(int n) {
        if (n < 1) {
            throw new TraeValidationException("maxTokens", "must be positive");
        }
        return new CodeGenerator(client, modelId, n);
    }

    public String modelId() {
        return modelId;
    }

    public GeneratedCode generate(CodeRequest request) {
        return run(request, null, r -> { });
    }

    public GeneratedCode generate(Consumer<CodeRequest.Builder> request) {
        CodeRequest.Builder b = CodeRequest.builder();
        request.accept(b);
        return generate(b.build());
    }

    /**
     * Generates with streaming: {@code tokens} receives text as it is generated (every round's), and
     * {@code rounds} each validation round. Blocks until done.
     */
    public GeneratedCode generate(CodeRequest request, StreamListener tokens, RoundListener rounds) {
        return run(request, Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(rounds, "rounds"));
    }

    private GeneratedCode run(CodeRequest request, StreamListener tokens, RoundListener roundListener) {
        check(request);
        List<Message> conversation = new ArrayList<>();
        conversation.add(Message.user(userPrompt(request)));
        List<RefinementRound> rounds = new ArrayList<>();
        TokenUsage total = TokenUsage.ZERO;
        CodeOutputParser.Parsed parsed = null;
        String usedModel = modelId;
        int max = request.validate() ? request.maxRounds() : 1;
        for (int round = 1; round <= max; round++) {
            ConverseRequest cr = ConverseRequest.builder().modelId(modelId).system(systemPrompt(request.language()))
                    .messages(conversation).inference(i -> i.maxTokens(maxTokens).temperature(0.2)).app(request.app()).build();
            ConverseResult res = tokens == null ? client.converse(cr)
                    : client.converseStream(cr, tokens).await(client.config().http().generativeApiCallTimeout().plus(Duration.ofSeconds(5)));
            usedModel = res.modelId();
            total = total.plus(res.usage());
            parsed = CodeOutputParser.parse(res.text(), request.language());
            if (!request.validate()) {
                break;
            }
            List<Diagnostic> diags = new ArrayList<>(CodeValidator.validate(parsed.files(), request.context()));
            if (parsed.files().isEmpty()) {
                diags.add(new Diagnostic("(output)", 0, "no code block was found in the answer"));
            }
            RefinementRound rr = new RefinementRound(round, parsed.files(), diags, res.usage());
            rounds.add(rr);
            roundListener.onRound(rr);
            if (rr.valid() || round == max) {
                break;
            }
            conversation.add(res.message().content().isEmpty() ? Message.assistant("(no content)") : res.message());
            conversation.add(Message.user(refinePrompt(diags)));
        }
        return new GeneratedCode(parsed.files(), parsed.explanation(), parsed.suggestions(), rounds, total, usedModel);
    }

    private static void check(CodeRequest r) {
        if (r.prompt() == null || r.prompt().isBlank()) {
            throw new TraeValidationException("prompt", "must not be empty");
        }
        if (r.prompt().length() > MAX_PROMPT_CHARS) {
            throw new TraeValidationException("prompt", "is " + r.prompt().length() + " characters; at most " + MAX_PROMPT_CHARS);
        }
        if (!LANGUAGES.contains(r.language())) {
            throw new TraeValidationException("language", "must be one of " + new java.util.TreeSet<>(LANGUAGES) + ", was " + r.language());
        }
        if (r.maxRounds() < 1 || r.maxRounds() > 10) {
            throw new TraeValidationException("maxRounds", "must be between 1 and 10, was " + r.maxRounds());
        }
        long ctx = 0;
        for (CodeFile f : r.context()) {
            if (CodeOutputParser.safePath(f.path()) == null || !CodeOutputParser.safePath(f.path()).equals(f.path().replace('\\', '/'))) {
                throw new TraeValidationException("context.path", "must be a relative path without '..': " + f.path().replaceAll("\\p{Cntrl}", "?"));
            }
            ctx += f.content().length();
        }
        ctx += r.selection().map(s -> s.text().length()).orElse(0);
        if (ctx > MAX_CONTEXT_CHARS) {
            throw new TraeValidationException("context", "is " + ctx + " characters; at most " + MAX_CONTEXT_CHARS + ". Send fewer files");
        }
    }

    static String systemPrompt(String language) {
        return "You are a senior software engineer. Write correct, complete, compilable " + language + " code.\n"
                + "Answer format:\n"
                + "1. For every file, a line 'File: <relative path>' followed by one fenced code block with the language.\n"
                + "2. Then a line 'Explanation:' with a short explanation.\n"
                + "3. Then a line 'Suggestions:' with a bulleted list of follow-up suggestions.\n"
                + "Never omit code with placeholders.";
    }

    private static String userPrompt(CodeRequest r) {
        StringBuilder sb = new StringBuilder();
        if (!r.context().isEmpty()) {
            sb.append("Context files:\n");
            for (CodeFile f : r.context()) {
                sb.append("File: ").append(f.path()).append("\n```").append(f.language()).append('\n').append(f.content());
                if (!f.content().endsWith("\n")) {
                    sb.append('\n');
                }
                sb.append("```\n");
            }
            sb.append('\n');
        }
        r.selection().ifPresent(s -> sb.append("Selected in ").append(s.path()).append(" (lines ").append(s.startLine()).append('-')
                .append(s.endLine()).append("):\n```\n").append(s.text()).append("\n```\n\n"));
        sb.append("Task (target language: ").append(r.language()).append("):\n").append(r.prompt());
        return sb.toString();
    }

    private static String refinePrompt(List<Diagnostic> diags) {
        StringBuilder sb = new StringBuilder("Validation found these errors; fix them and return the complete corrected files "
                + "in the same format:\n");
        diags.stream().limit(30).forEach(d -> sb.append("- ").append(d).append('\n'));
        if (diags.size() > 30) {
            sb.append("- ... and ").append(diags.size() - 30).append(" more\n");
        }
        return sb.toString();
    }

    /** Code from a UI screenshot or mockup (a multimodal model is required), as HTML and CSS unless told otherwise. */
    public GeneratedCode fromImage(byte[] image, String format, String instructions, String language) {
        CodeRequest check = CodeRequest.builder().prompt(instructions == null || instructions.isBlank()
                ? "Reproduce this screen" : instructions).language(language).validate(false).build();
        check(check);
        ConverseRequest cr = ConverseRequest.builder().modelId(modelId).system(systemPrompt(language))
                .message(Message.user(ContentBlock.text("Write " + language + " code that reproduces this user interface. "
                        + check.prompt()), ContentBlock.image(image, format)))
                .inference(i -> i.maxTokens(maxTokens).temperature(0.2)).build();
        ConverseResult res = client.converse(cr);
        CodeOutputParser.Parsed p = CodeOutputParser.parse(res.text(), language);
        return new GeneratedCode(p.files(), p.explanation(), p.suggestions(), List.of(), res.usage(), res.modelId());
    }
}
