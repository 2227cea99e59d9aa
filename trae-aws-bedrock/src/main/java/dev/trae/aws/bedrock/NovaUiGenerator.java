package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.ImageFormats;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.Description;
import dev.trae.aws.bedrock.model.FoundationModel;
import dev.trae.aws.bedrock.model.GeneratedCode;
import dev.trae.aws.bedrock.model.StructuredResult;
import dev.trae.aws.bedrock.model.UiDesign;
import dev.trae.aws.bedrock.model.UiRequest;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Nova UI generation: a description in, a {@link UiDesign} out (HTML and CSS as separate files,
 * components, description) through a Nova text model with structured output; optionally a design image
 * from the preferred ACTIVE image model of the {@link ModelCatalog} (Nova Canvas when it is ACTIVE,
 * otherwise the next ACTIVE one; a model that turns out to be retired is skipped). Also screenshot or
 * mockup to code through a multimodal model. Thread-safe.
 *
 * <pre>{@code
 * try (TraeBedrockClient bedrock = TraeBedrockClient.create(config); ModelCatalog catalog = ModelCatalog.create(config)) {
 *     NovaUiGenerator ui = NovaUiGenerator.create(bedrock, catalog);
 *     UiDesign d = ui.generate(UiRequest.of("Login page for fuel station operators").withDesignImage());
 * }
 * }</pre>
 */
public final class NovaUiGenerator {
    /** The default text model. */
    public static final String DEFAULT_TEXT_MODEL = "amazon.nova-pro-v1:0";
    private static final Logger LOG = LoggerFactory.getLogger(NovaUiGenerator.class);

    /** The structured output asked of the text model. */
    record UiSpec(@Description("a complete HTML5 document that links styles.css") String html,
                  @Description("the complete CSS of styles.css") String css,
                  @Description("names of the UI components used, such as header, form, button") List<String> components,
                  @Description("a short description of the design") String description) {
    }

    private final TraeBedrockClient client;
    private final ModelCatalog catalog;
    private final String textModel;

    private NovaUiGenerator(TraeBedrockClient client, ModelCatalog catalog, String textModel) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalog = catalog;
        this.textModel = Objects.requireNonNull(textModel);
    }

    /** A generator on Nova Pro; {@code catalog} may be null (then no design images). */
    public static NovaUiGenerator create(TraeBedrockClient client, ModelCatalog catalog) {
        return new NovaUiGenerator(client, catalog, DEFAULT_TEXT_MODEL);
    }

    /** The same generator with another text model (a Nova model id or profile). */
    public NovaUiGenerator withTextModel(String modelId) {
        return new NovaUiGenerator(client, catalog, modelId);
    }

    public UiDesign generate(UiRequest request) {
        if (request.description().isBlank()) {
            throw new TraeValidationException("description", "must not be empty");
        }
        if (request.description().length() > 20_000) {
            throw new TraeValidationException("description", "at most 20000 characters");
        }
        if (request.withImage() && (bad(request.imageWidth()) || bad(request.imageHeight()))) {
            throw new TraeValidationException("imageSize", "width and height must be multiples of 16 between 320 and 4096");
        }
        String prompt = "Design a web user interface.\nDescription: " + request.description()
                + (request.style().isBlank() ? "" : "\nStyle: " + request.style())
                + "\nReturn HTML5 and CSS as separate files: the HTML links styles.css; use semantic elements and accessible labels.";
        StructuredResult<UiSpec> r = client.converseForObject(ConverseRequest.builder().modelId(textModel)
                .system("You are a UI designer who writes clean, accessible HTML and CSS.")
                .user(prompt).inference(i -> i.maxTokens(8192).temperature(0.3)).app(request.app()).build(), UiSpec.class);
        UiSpec spec = r.value();
        List<String> notes = new ArrayList<>();
        String html = spec.html();
        if (!html.toLowerCase(java.util.Locale.ROOT).contains("<html") && !html.toLowerCase(java.util.Locale.ROOT).contains("<body")) {
            notes.add("the HTML is a fragment without <html> or <body>");
        }
        if (count(spec.css(), '{') != count(spec.css(), '}')) {
            notes.add("the CSS has unbalanced braces");
        }
        Optional<UiDesign.DesignImage> image = Optional.empty();
        if (request.withImage()) {
            image = designImage(request, notes);
        }
        return new UiDesign(new CodeFile("index.html", "html", html), new CodeFile("styles.css", "css", spec.css()),
                spec.components(), spec.description(), image, notes, r.usage(), r.result().modelId());
    }

    private static boolean bad(int px) {
        return px < 320 || px > 4096 || px % 16 != 0;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    private Optional<UiDesign.DesignImage> designImage(UiRequest request, List<String> notes) {
        if (catalog == null) {
            notes.add("no design image: no ModelCatalog configured to choose an ACTIVE image model");
            return Optional.empty();
        }
        List<FoundationModel> candidates = catalog.imageModels();
        if (candidates.isEmpty()) {
            notes.add("no design image: the region has no ACTIVE image model (Nova Canvas may be LEGACY or past end of life)");
            return Optional.empty();
        }
        String text = ("UI design mockup, flat, clean: " + request.description()).substring(0,
                Math.min(1024, ("UI design mockup, flat, clean: " + request.description()).length()));
        for (FoundationModel m : candidates) {
            try {
                JsonNode out = client.invokeModelJson(request.app(), m.modelId(), body(m.modelId(), text, request));
                JsonNode first = out.path("images").path(0);
                if (!first.isTextual()) {
                    notes.add(m.modelId() + " returned no image");
                    continue;
                }
                byte[] png = Base64.getDecoder().decode(first.asText());
                if (!"png".equals(ImageFormats.detect(png))) {
                    notes.add(m.modelId() + " returned an image that is not PNG");
                    continue;
                }
                return Optional.of(new UiDesign.DesignImage(png, m.modelId()));
            } catch (TraeException | IllegalArgumentException e) {
                LOG.warn("image model {} failed, trying the next: {}", m.modelId(), e.getMessage());
                notes.add(m.modelId() + " failed: " + e.getMessage());
            }
        }
        notes.add("no design image: every ACTIVE image model failed");
        return Optional.empty();
    }

    private static JsonNode body(String modelId, String text, UiRequest r) {
        ObjectNode b = Docs.MAPPER.createObjectNode();
        if (modelId.startsWith("stability.")) {
            b.put("prompt", text);
            b.put("mode", "text-to-image");
            b.put("output_format", "png");
            b.put("aspect_ratio", r.imageWidth() >= r.imageHeight() ? "16:9" : "9:16");
            return b;
        }
        b.put("taskType", "TEXT_IMAGE");
        b.putObject("textToImageParams").put("text", text);
        b.putObject("imageGenerationConfig").put("numberOfImages", 1).put("width", r.imageWidth()).put("height", r.imageHeight())
                .put("quality", "standard").put("cfgScale", 7.0).put("seed", Math.abs(text.hashCode() % 858_993_459));
        return b;
    }

    /** Screenshot or mockup to code (HTML and CSS) through the text model, which must accept images. */
    public GeneratedCode fromScreenshot(byte[] image, String format, String instructions) {
        return CodeGenerator.create(client, textModel).fromImage(image, format, instructions, "html");
    }
}
