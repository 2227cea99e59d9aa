package dev.trae.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.CodeGenerator;
import dev.trae.aws.bedrock.KnowledgeBase;
import dev.trae.aws.bedrock.ModelCatalog;
import dev.trae.aws.bedrock.NovaUiGenerator;
import dev.trae.aws.bedrock.Rouge;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.GeneratedCode;
import dev.trae.aws.bedrock.model.RagAnswer;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.bedrock.model.UiDesign;
import dev.trae.aws.bedrock.model.UiRequest;
import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.aws.bedrockagentruntime.BedrockAgentRuntimeFake;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;

/**
 * Bedrock: generate a Java class and validate it (compiled in-process), generate a UI (HTML, CSS and a
 * design image), answer a question from a knowledge base with citations, and print usage and cost. Runs on
 * the Trae Local fakes, or on real Bedrock when AWS credentials are configured (then the knowledge base id
 * comes from {@code TRAE_BEDROCK_KB_ID}).
 */
final class BedrockStep implements DemoStep {
    private static final String KB = "KBDEMO01";

    @Override
    public String title() {
        return "bedrock: code generation, Nova UI, knowledge base, usage and cost";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        if (!ctx.realAws()) {
            ctx.local().fake("bedrock-runtime", new BedrockRuntimeFake());
            ctx.local().fake("bedrock", new BedrockFake());
            ctx.local().fake("bedrock-agent-runtime", new BedrockAgentRuntimeFake()).addDocument(KB, "s3://trae-demo/kb/pump-safety.md",
                    "Pump nozzles are inspected every 30 days by the station manager.\n\n"
                            + "Inspection reports are signed by the regional safety officer and kept for five years.\n\n"
                            + "A leaking nozzle must be taken out of service immediately and reported within one hour.");
        }
        TraeConfig config = ctx.config();
        Path out = ctx.outDir().resolve("bedrock");
        Files.createDirectories(out);
        try (ModelCatalog catalog = ModelCatalog.create(config);
             TraeBedrockClient bedrock = TraeBedrockClient.builder().config(config).catalog(catalog).build()) {
            ctx.out().printf("catalog of %s: %d foundation models, %d inference profiles, %d LEGACY%n", config.region(),
                    catalog.models().size(), catalog.inferenceProfiles().size(),
                    catalog.models().stream().filter(m -> m.lifecycle().name().equals("LEGACY")).count());

            // 1. a Java class, validated by compiling it in-process, refined if needed
            CodeGenerator gen = CodeGenerator.create(bedrock, "amazon.nova-pro-v1:0");
            GeneratedCode code = gen.generate(r -> r.prompt("Write a Java class named FuelPriceCalculator in package dev.trae.demo "
                    + "with methods total and discount").language("java").app("demo-codegen").maxRounds(3));
            code.rounds().forEach(round -> ctx.out().printf("  round %d: %s%n", round.round(),
                    round.valid() ? "compiles" : round.diagnostics().size() + " error(s): " + round.diagnostics().get(0)));
            if (!code.valid() || code.files().isEmpty()) {
                throw new IllegalStateException("generated Java did not validate: " + code.rounds());
            }
            for (CodeFile f : code.files()) {
                Path p = out.resolve("code").resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.content());
                ctx.out().println("  wrote " + ctx.outDir().relativize(p) + " (" + f.content().lines().count() + " lines)");
            }
            ctx.out().println("  explanation: " + code.explanation());

            // 2. a UI as HTML + CSS, and a design image from an ACTIVE image model of the catalog
            UiDesign ui = NovaUiGenerator.create(bedrock, catalog).generate(new UiRequest(
                    "Operator dashboard for a fuel station: pump status table, a search form, alerts", "clean, high contrast",
                    true, 1280, 720, "demo-ui"));
            Files.writeString(out.resolve("index.html"), ui.html().content());
            Files.writeString(out.resolve("styles.css"), ui.css().content());
            ctx.out().println("  UI components: " + ui.components() + "; wrote bedrock/index.html, bedrock/styles.css");
            if (ui.image().isPresent()) {
                Files.write(out.resolve("design.png"), ui.image().get().png());
                ctx.out().println("  design image from " + ui.image().get().modelId() + ": bedrock/design.png");
            }
            ui.notes().forEach(n -> ctx.out().println("  note: " + n));

            // 3. an answer from a knowledge base, with citations
            String kbId = ctx.realAws() ? System.getenv("TRAE_BEDROCK_KB_ID") : KB;
            if (kbId == null || kbId.isBlank()) {
                ctx.out().println("  knowledge base: skipped (set TRAE_BEDROCK_KB_ID to a knowledge base id)");
            } else {
                try (KnowledgeBase kb = KnowledgeBase.create(config)) {
                    KnowledgeBase.Session session = kb.session(kbId, "amazon.nova-pro-v1:0");
                    RagAnswer a = session.ask("How often are pump nozzles inspected?");
                    ctx.out().println("  Q: How often are pump nozzles inspected?\n  A: " + a.text() + "\n     sources " + a.sources());
                    RagAnswer b = session.ask("Who signs the inspection reports?");
                    ctx.out().println("  Q: Who signs the inspection reports? (same session)\n  A: " + b.text());
                    Rouge.Scores s = Rouge.score(a.text(), List.of("Pump nozzles are inspected every 30 days."));
                    ctx.out().printf("  ROUGE vs reference: R1 F1 %.2f, R2 F1 %.2f, RL F1 %.2f%n", s.rouge1().f1(), s.rouge2().f1(),
                            s.rougeL().f1());
                }
            }

            // 4. usage and cost
            ctx.out().println("  usage and cost:");
            for (Map.Entry<String, TokenUsage> e : bedrock.ledger().usageByApp().entrySet()) {
                ctx.out().printf("    app %-13s in %6d  out %6d  cache r/w %d/%d  cost %s USD%n", e.getKey(), e.getValue().inputTokens(),
                        e.getValue().outputTokens(), e.getValue().cacheReadTokens(), e.getValue().cacheWriteTokens(),
                        bedrock.ledger().cost(e.getKey()).toPlainString());
            }
            ctx.out().printf("    total %d tokens, %s USD (default price table)%n", bedrock.ledger().totalUsage().totalTokens(),
                    bedrock.ledger().totalCost().toPlainString());
        }
    }
}
