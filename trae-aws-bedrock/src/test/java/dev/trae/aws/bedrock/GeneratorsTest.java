package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.bedrock.internal.CodeOutputParser;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.CodeRequest;
import dev.trae.aws.bedrock.model.CustomModel;
import dev.trae.aws.bedrock.model.CustomizationRequest;
import dev.trae.aws.bedrock.model.GeneratedCode;
import dev.trae.aws.bedrock.model.Passage;
import dev.trae.aws.bedrock.model.RagAnswer;
import dev.trae.aws.bedrock.model.RefinementRound;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.TrainingDataReport;
import dev.trae.aws.bedrock.model.UiDesign;
import dev.trae.aws.bedrock.model.UiRequest;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockagentruntime.BedrockAgentRuntimeFake;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.bedrockruntime.FakeReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CodeGenerator, NovaUiGenerator, KnowledgeBase, ModelCustomization and ROUGE against the fakes. */
@ExtendWith(TraeLocalExtension.class)
class GeneratorsTest {
    static final String NOVA = "amazon.nova-pro-v1:0";
    private final TraeLocal local;
    private BedrockRuntimeFake runtime;
    private BedrockFake control;
    private BedrockAgentRuntimeFake agent;

    GeneratorsTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        runtime = local.fake("bedrock-runtime", new BedrockRuntimeFake());
        control = local.fake("bedrock", new BedrockFake());
        agent = local.fake("bedrock-agent-runtime", new BedrockAgentRuntimeFake());
        runtime.clear();
    }

    // ------------------------------------------------------------------ code generation

    @Test
    void generate_whenJavaRequested_returnsCompilingClassWithExplanation() {
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = CodeGenerator.create(b, NOVA).generate(r -> r.prompt(
                    "Write a Java class named PriceCalculator in package dev.fuel with methods total and discount").language("java"));
            assertThat(code.valid()).isTrue();
            assertThat(code.rounds()).hasSize(1);
            CodeFile f = code.mainFile().orElseThrow();
            assertThat(f.path()).isEqualTo("src/main/java/dev/fuel/PriceCalculator.java");
            assertThat(f.content()).contains("public String total()");
            assertThat(code.explanation()).contains("PriceCalculator");
            assertThat(code.suggestions()).hasSize(2);
        }
    }

    @Test
    void generate_whenFirstAnswerDoesNotCompile_refinesWithCompilerErrors() {
        runtime.enqueue(FakeReply.text("File: src/main/java/Broken.java\n```java\npublic class Broken { int x = \"s\"; }\n```\n"));
        List<RefinementRound> seen = new CopyOnWriteArrayList<>();
        StringBuilder tokens = new StringBuilder();
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = CodeGenerator.create(b, NOVA).generate(CodeRequest.builder()
                    .prompt("Write a Java class named Broken").language("java").maxRounds(3).build(),
                    StreamListener.text(tokens::append), seen::add);
            assertThat(code.rounds()).hasSize(2);
            assertThat(code.rounds().get(0).valid()).isFalse();
            assertThat(code.rounds().get(0).diagnostics().get(0).message()).contains("incompatible types");
            assertThat(code.rounds().get(1).valid()).isTrue();
            assertThat(code.valid()).isTrue();
            assertThat(code.usage().totalTokens()).isGreaterThan(code.rounds().get(1).usage().totalTokens());
        }
        assertThat(seen).hasSize(2);
        assertThat(tokens.toString()).contains("int x = \"s\"").contains("public final class Broken");
        String second = local.server("bedrock-runtime").requests("ConverseStream").get(1).json().path("messages").get(2).toString();
        assertThat(second).contains("incompatible types");
    }

    @Test
    void generate_whenModelNeverFixes_reportsEveryRoundAndInvalid() {
        for (int i = 0; i < 2; i++) {
            runtime.enqueue(FakeReply.text("```json\n{\"a\": 1,,}\n```"));
        }
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = CodeGenerator.create(b, NOVA).generate(r -> r.prompt("config as JSON").language("json").maxRounds(2));
            assertThat(code.valid()).isFalse();
            assertThat(code.rounds()).hasSize(2).allMatch(r -> !r.valid());
        }
    }

    @Test
    void generate_withValidYamlAndXml_passes() {
        runtime.enqueue(FakeReply.text("```yaml\nname: a\nitems: [1, 2]\n```\n```xml\n<a><b/></a>\n```"));
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = CodeGenerator.create(b, NOVA).generate(r -> r.prompt("two configs").language("yaml"));
            assertThat(code.files()).extracting(CodeFile::language).containsExactly("yaml", "xml");
            assertThat(code.valid()).isTrue();
        }
    }

    @Test
    void generate_withXxeXml_isReportedInvalidWithoutResolving() {
        runtime.enqueue(FakeReply.text("```xml\n<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>\n```"));
        runtime.enqueue(FakeReply.text("```xml\n<a/>\n```"));
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = CodeGenerator.create(b, NOVA).generate(r -> r.prompt("xml").language("xml"));
            assertThat(code.rounds().get(0).diagnostics().get(0).message()).contains("DOCTYPE");
            assertThat(code.valid()).isTrue();
        }
    }

    @Test
    void generate_withBadInput_isRefusedBeforeCall() {
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            CodeGenerator g = CodeGenerator.create(b, NOVA);
            assertThatThrownBy(() -> g.generate(r -> r.prompt(" ").language("java"))).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> g.generate(r -> r.prompt("x").language("cobol85"))).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> g.generate(r -> r.prompt("x").contextFile(new CodeFile("../../etc/passwd", "java", "x"))))
                    .isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> g.generate(r -> r.prompt("x".repeat(300_000)))).isInstanceOf(TraeValidationException.class);
        }
        assertThat(local.server("bedrock-runtime").requests()).isEmpty();
    }

    @Test
    void parser_withVariousFormats_extractsFilesAndSafePaths() {
        String text = "Intro\n### `src/A.java`\n```java\nclass A {}\n```\n```python path=../../evil/x.py\nprint(1)\n```\n"
                + "```\n// File: web/app.js\nconsole.log(1)\n```\nExplanation: done.\nSuggestions:\n1. test it\n- ship it\n```java\npublic class Cut {";
        CodeOutputParser.Parsed p = CodeOutputParser.parse(text, "java");
        assertThat(p.files()).extracting(CodeFile::path).containsExactly("src/A.java", "evil/x.py", "web/app.js",
                "src/main/java/Cut.java");
        assertThat(p.files().get(1).language()).isEqualTo("python");
        assertThat(p.explanation()).isEqualTo("done.");
        assertThat(p.suggestions()).containsExactly("test it", "ship it");
        assertThat(CodeOutputParser.safePath("C:\\Windows\\..\\x")).isEqualTo("Windows/x");
        assertThat(CodeOutputParser.parse("{\"a\":1}", "json").files()).hasSize(1);
        assertThat(CodeOutputParser.parse("no code here", "java").files()).isEmpty();
    }

    // ------------------------------------------------------------------ UI

    /** An ACTIVE on-demand text-to-image model for the fake catalog (a test scenario, not a claim about Bedrock's catalog). */
    static BedrockFake.Model imageModel(String id) {
        return new BedrockFake.Model(id, "Stability AI", id, List.of("TEXT"), List.of("IMAGE"), false, List.of("ON_DEMAND"), List.of(), "ACTIVE");
    }

    @Test
    void uiGenerate_withImage_returnsHtmlCssComponentsAndPng() {
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config()); ModelCatalog c = ModelCatalog.create(local.config())) {
            UiDesign d = NovaUiGenerator.create(b, c).generate(UiRequest.of("Login form for station operators").withDesignImage());
            assertThat(d.html().path()).isEqualTo("index.html");
            assertThat(d.html().content()).contains("<html").contains("styles.css").contains("<form");
            assertThat(d.css().content()).contains("body");
            assertThat(d.components()).contains("form", "button");
            assertThat(d.image()).isPresent();
            assertThat(d.image().get().modelId()).isEqualTo("stability.stable-image-core-v1:1");
            assertThat(d.notes()).isEmpty();
        }
    }

    @Test
    void uiGenerate_whenImageModelRetiredAtRuntime_fallsBackToNextActiveModel() {
        control.put(imageModel("stability.stable-image-ultra-v1:1"));
        runtime.endOfLife("stability.stable-image-core-v1:1");
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config()); ModelCatalog c = ModelCatalog.create(local.config())) {
            UiDesign d = NovaUiGenerator.create(b, c).generate(UiRequest.of("Dashboard with a table of pumps").withDesignImage());
            assertThat(d.image().orElseThrow().modelId()).isEqualTo("stability.stable-image-ultra-v1:1");
            assertThat(d.notes()).anyMatch(n -> n.contains("stability.stable-image-core-v1:1 failed"));
        }
    }

    @Test
    void uiGenerate_whenNoActiveImageModel_explainsMissingImage() {
        control.remove("stability.stable-image-core-v1:1");
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config()); ModelCatalog c = ModelCatalog.create(local.config())) {
            UiDesign d = NovaUiGenerator.create(b, c).generate(UiRequest.of("Settings page").withDesignImage());
            assertThat(d.image()).isEmpty();
            assertThat(d.notes()).anyMatch(n -> n.contains("no ACTIVE image model"));
        }
    }

    @Test
    void fromScreenshot_withImage_returnsHtmlAndCss() throws Exception {
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            GeneratedCode code = NovaUiGenerator.create(b, null).fromScreenshot(TestImages.png(64, 48), "png", "make it responsive");
            assertThat(code.files()).extracting(CodeFile::path).containsExactly("index.html", "styles.css");
        }
    }

    // ------------------------------------------------------------------ knowledge base

    @Test
    void knowledgeBase_retrieveAndAsk_returnsCitationsAndKeepsSession() {
        agent.addDocument("KB1", "s3://docs/safety.md", "Pump nozzles are inspected every 30 days by the station manager.\n\n"
                + "The inspection report is signed by the regional safety officer.\n\nCoffee machines are cleaned daily.");
        try (KnowledgeBase kb = KnowledgeBase.create(local.config())) {
            List<Passage> p = kb.retrieve("KB1", "How often are pump nozzles inspected?", 2);
            assertThat(p.get(0).text()).contains("30 days");
            assertThat(p.get(0).sourceUri()).isEqualTo("s3://docs/safety.md");
            KnowledgeBase.Session s = kb.session("KB1", "amazon.nova-pro-v1:0");
            RagAnswer a = s.ask("How often are pump nozzles inspected?");
            assertThat(a.text()).contains("every 30 days");
            assertThat(a.citations()).isNotEmpty();
            assertThat(a.sources()).containsExactly("s3://docs/safety.md");
            RagAnswer f = s.ask("Who signs the inspection report?");
            assertThat(f.sessionId()).isEqualTo(a.sessionId());
            assertThat(f.text()).contains("regional safety officer");
            assertThat(agent.session(a.sessionId())).hasSize(2);
        }
        assertThat(local.server("bedrock-agent-runtime").requests("RetrieveAndGenerate").get(0).json()
                .path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration").path("modelArn").asText())
                .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0");
    }

    @Test
    void knowledgeBase_withBadInputOrUnknownKb_fails() {
        local.server("bedrock-agent-runtime").faults().next("Retrieve", 1, Fault.throttle());
        try (KnowledgeBase kb = KnowledgeBase.create(local.config())) {
            assertThatThrownBy(() -> kb.retrieve("KB/../x", "q", 3)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> kb.retrieve("KB1", "", 3)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> kb.retrieve("NOPE", "q", 3)).isInstanceOfSatisfying(TraeServiceException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(404));
        }
        assertThat(local.server("bedrock-agent-runtime").count("Retrieve")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ customization

    static String dataset(int n) {
        TrainingData.Builder d = TrainingData.builder().system("You write Java for fuel stations.");
        for (int i = 0; i < n; i++) {
            d.example("Write a class named Pump" + i, "public final class Pump" + i + " { }");
        }
        return d.toJsonl();
    }

    @Test
    void trainingData_withProblems_reportsPerLineErrors() {
        String good = dataset(25);
        String bad = good + "{not json}\n{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"assistant\","
                + "\"content\":[{\"text\":\"x\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"y\"}]}]}\n";
        TrainingDataReport r = TrainingData.validate(bad);
        assertThat(r.valid()).isFalse();
        assertThat(r.examples()).isEqualTo(25);
        assertThat(r.errors()).extracting(TrainingDataReport.LineError::line).containsExactly(26, 27);
        assertThat(r.warnings()).singleElement().asString().contains("100");
        assertThat(TrainingData.validate(dataset(5)).errors()).anyMatch(e -> e.message().contains("at least 20"));
        assertThat(TrainingData.validate("").valid()).isFalse();
        assertThat(TrainingData.validate(dataset(120)).warnings()).isEmpty();
    }

    @Test
    void customization_start_uploadsWithKmsAndCompletesWithProgress() {
        local.s3().createBucket("trae-train");
        control.trainingPolls(2);
        TraeConfig cfg = local.config();
        CustomizationRequest req = CustomizationRequest.builder().jobName("pump-docs-1").customModelName("pump-docs-model")
                .baseModelId("amazon.nova-lite-v1:0:300k").roleArn("arn:aws:iam::123456789012:role/BedrockFineTune")
                .trainingJsonl(dataset(30)).bucket("trae-train").prefix("customization/pumps")
                .hyperParameters(Map.of("epochCount", "2")).kmsKeyId("alias/trae-training").pollInterval(Duration.ofMillis(20))
                .build();
        List<String> phases = new CopyOnWriteArrayList<>();
        try (ModelCustomization mc = ModelCustomization.create(cfg)) {
            TraeJob<CustomModel> job = mc.start(req);
            job.onProgress(e -> phases.add(e.phase()));
            CustomModel m = job.await(Duration.ofSeconds(30));
            assertThat(m.modelArn()).contains(":custom-model/amazon.nova-lite-v1:0:300k/");
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(m.trainingLoss()).isPresent();
        }
        assertThat(phases).contains("TRAINING", "COMPLETED");
        var create = control.jobRequests().get("pump-docs-1");
        assertThat(create.path("trainingDataConfig").path("s3Uri").asText())
                .isEqualTo("s3://trae-train/customization/pumps/training/pump-docs-1.jsonl");
        assertThat(create.path("customModelKmsKeyId").asText()).isEqualTo("alias/trae-training");
        String stored = local.s3().client().getObjectAsBytes(g -> g.bucket("trae-train")
                .key("customization/pumps/training/pump-docs-1.jsonl")).asUtf8String();
        assertThat(stored.lines().count()).isEqualTo(30);
    }

    @Test
    void customization_whenJobFails_jobFailsWithServiceMessage() {
        local.s3().createBucket("trae-train");
        control.failNextJob("Training data has fewer than the minimum number of records");
        CustomizationRequest req = CustomizationRequest.builder().jobName("pump-docs-2").customModelName("pump-docs-model-2")
                .baseModelId("amazon.nova-lite-v1:0:300k").roleArn("arn:aws:iam::123456789012:role/BedrockFineTune")
                .trainingJsonl(dataset(20)).bucket("trae-train").kmsKeyId("alias/k").pollInterval(Duration.ofMillis(10)).build();
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            TraeJob<CustomModel> job = mc.start(req);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20))).isInstanceOf(TraeClientException.class)
                    .hasMessageContaining("minimum number of records");
        }
    }

    @Test
    void customization_withBadInput_isRefusedBeforeUpload() {
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            CustomizationRequest noKms = CustomizationRequest.builder().jobName("j1").customModelName("m1")
                    .baseModelId("amazon.nova-lite-v1:0:300k").roleArn("arn:aws:iam::123456789012:role/R")
                    .trainingJsonl(dataset(20)).bucket("trae-train").build();
            assertThatThrownBy(() -> mc.start(noKms)).isInstanceOfSatisfying(TraeValidationException.class,
                    e -> assertThat(e.parameter()).isEqualTo("kmsKeyId"));
            CustomizationRequest malformed = noKms.toBuilder().trainingJsonl(dataset(20) + "{oops\n").kmsKeyId("k").build();
            assertThatThrownBy(() -> mc.start(malformed)).hasMessageContaining("line 21");
            CustomizationRequest hostile = noKms.toBuilder().prefix("../../x").kmsKeyId("k").build();
            assertThatThrownBy(() -> mc.start(hostile)).isInstanceOf(TraeValidationException.class);
        }
        assertThat(local.server("bedrock").requests()).isEmpty();
    }

    @Test
    void customModel_arn_isUsableAsConverseModel() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0/abc123";
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            assertThat(b.converse(c -> c.modelId(arn).user("hello")).modelId()).isEqualTo(arn);
        }
        assertThat(local.server("bedrock-runtime").requests("Converse").get(0).pathParam("modelId")).isEqualTo(arn);
    }

    // ------------------------------------------------------------------ ROUGE

    @Test
    void rouge_scoresMatchHandComputedValues() {
        Rouge.Scores s = Rouge.score("the cat sat on the mat", "the cat is on the mat");
        assertThat(s.rouge1().f1()).isCloseTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.rouge2().precision()).isCloseTo(3.0 / 5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.rougeL().recall()).isCloseTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Rouge.score("", "x").rouge1().f1()).isZero();
        assertThat(Rouge.score("Насос №3 протікає", List.of("zzz", "насос 3 протікає")).rouge1().f1()).isEqualTo(1.0);
        assertThatThrownBy(() -> Rouge.score("a", List.of())).isInstanceOf(TraeValidationException.class);
    }
}
