package dev.trae.examples.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.vision.VisionBatchResult;
import dev.trae.aws.vision.DocumentFeatures;
import dev.trae.aws.vision.ImageSource;
import dev.trae.aws.vision.UiLayout;
import dev.trae.aws.vision.VisionClient;
import dev.trae.aws.vision.model.Detection;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.Table;
import dev.trae.aws.vision.model.UiElement;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.TextractFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;

/**
 * Vision: a generated UI screenshot becomes a {@link UiLayout} (overlay PNG and HTML skeleton, then handed
 * to Bedrock for refinement, outside the vision module); a generated purchase-order form goes through
 * Textract into tables CSV and fields JSON; a small batch shows the rate limit, the cache and a bad image.
 */
final class VisionStep implements DemoStep {

    @Override
    public String title() {
        return "vision: UI screenshot to layout, form to CSV/JSON, cached batch";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        VisionScenes.ImageScene screen = VisionScenes.loginScreen();
        VisionScenes.DocumentScene form = VisionScenes.purchaseOrder(42);
        if (!ctx.realAws()) {
            // the fakes are programmed from the same drawing that produced the images
            ctx.local().fake("rekognition", new RekognitionFake()).program(screen.png(), screen.content());
            ctx.local().fake("textract", new TextractFake()).program(form.png(), form.content());
            ctx.local().fake("bedrock-runtime", new BedrockRuntimeFake());
        }
        TraeConfig config = ctx.config();
        Path out = ctx.outDir().resolve("vision");
        Files.createDirectories(out);
        try (VisionClient vision = VisionClient.builder().config(config).rekognitionTps(20).textractTps(5).parallelism(4).build()) {
            // 1. UI screenshot -> layout, overlay, HTML skeleton
            Files.write(out.resolve("ui-screenshot.png"), screen.png());
            Detection<UiLayout> ui = vision.analyzeUi(ImageSource.bytes("ui-screenshot.png", screen.png()));
            UiLayout layout = ui.value();
            ctx.out().println("UI layout: " + layout);
            for (List<UiElement> row : layout.rows()) {
                StringBuilder sb = new StringBuilder("  row " + row.get(0).row() + ":");
                row.forEach(e -> sb.append(" ").append(e.kind()).append("[c").append(e.column()).append("]")
                        .append(e.text().isEmpty() ? "" : " \"" + e.text() + "\""));
                ctx.out().println(sb);
            }
            Files.write(out.resolve("ui-overlay.png"), layout.renderOverlay(screen.png()));
            String html = layout.toHtml("Sign in");
            Files.writeString(out.resolve("ui-skeleton.html"), html, StandardCharsets.UTF_8);
            ctx.out().println("wrote " + out.resolve("ui-overlay.png") + " and " + out.resolve("ui-skeleton.html") + " (" + html.length() + " chars)");
            if (layout.elements(UiElement.Kind.BUTTON).size() != 2 || layout.elements(UiElement.Kind.INPUT).size() != 2) {
                throw new IllegalStateException("expected two buttons and two inputs in the login screen, got " + layout.elements());
            }

            // the layout handed to Bedrock for refinement (the vision module itself does not depend on Bedrock)
            try (TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
                String refined = bedrock.converse(r -> r.modelId("amazon.nova-lite-v1:0")
                        .system("You refine HTML/CSS skeletons generated from UI screenshots. Keep the structure; improve semantics and accessibility.")
                        .user("Refine this skeleton:\n" + html)).text();
                Files.writeString(out.resolve("ui-refined.txt"), refined, StandardCharsets.UTF_8);
                ctx.out().println("Bedrock refinement: " + refined.length() + " chars -> " + out.resolve("ui-refined.txt"));
            }

            // 2. form -> Textract -> tables CSV and fields JSON
            Files.write(out.resolve("form.png"), form.png());
            Document doc = vision.analyzeDocument(ImageSource.bytes("form.png", form.png()), f -> f.tables().forms().signatures().layout()
                    .query("What is the order number?", "order")).value();
            int n = 0;
            for (Table t : doc.tables()) {
                n++;
                Files.writeString(out.resolve("form-table-" + n + ".csv"), t.toCsv(), StandardCharsets.UTF_8);
                ctx.out().printf("table %d: %d x %d, headers %s, merged cells %d%n", n, t.rows(), t.columns(), t.headers(),
                        t.cells().stream().filter(c -> c.merged()).count());
                ctx.out().print(t.toCsv().replace("\r\n", "\n").indent(4));
            }
            Files.writeString(out.resolve("form-fields.json"), doc.formToJson(), StandardCharsets.UTF_8);
            ctx.out().println("fields: " + doc.fields() + ", query 'order' -> " + doc.answer("order").orElse("(none)")
                    + ", signatures " + doc.signatures().size());
            if (doc.tables().isEmpty() || doc.field("Order No").isEmpty()) {
                throw new IllegalStateException("the form analysis found no table or no order number");
            }

            // 3. a batch with duplicates and one corrupt image: rate limited, cached, nothing aborts
            List<ImageSource> batch = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                batch.add(ImageSource.bytes("photo-" + i, VisionScenes.photo(i % 8, 240, 160, true)));
            }
            batch.add(ImageSource.bytes("corrupt.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2}));
            VisionBatchResult<List<Label>> r = vision.detectLabelsBatch(batch, ProgressListener.lines(ctx.out(), 500));
            ctx.out().printf("batch: %d ok, %d failed, %d from cache, %d ms%n", r.succeeded(), r.failed(), r.fromCache(), r.elapsed().toMillis());
            r.failures().forEach(f -> ctx.out().println("  " + f.name() + ": " + f.error().orElseThrow().getMessage()));
        }
    }
}
