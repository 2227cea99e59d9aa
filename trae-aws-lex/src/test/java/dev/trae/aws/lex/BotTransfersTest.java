package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.lex.LexFakes;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexmodelsv2.model.LexModelsV2Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lex's own export and import (CreateExport/DescribeExport, CreateUploadUrl/StartImport/DescribeImport) against the
 * models fake, which writes and reads the archive with its own implementation of the format page.
 */
@ExtendWith(TraeLocalExtension.class)
class BotTransfersTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/LexFuelStation";
    private static final DeployOptions FAST = DeployOptions.defaults().withPollInterval(Duration.ofMillis(5));
    private LexFakes fakes;
    private FakeAwsServer models;

    @BeforeEach
    void setUp(TraeLocal local) {
        fakes = LexFakes.install(local);
        fakes.models().buildPolls(1).transferPolls(2);
        models = local.server("lex-models");
    }

    private static BotDefinition named(String name) {
        return BotDefinition.fromJson(FuelBot.definition().toJson().replace("FuelStationAssistant", name));
    }

    private static BotTransfers fast(LexClient lex) {
        return lex.transfers().withPolling(Duration.ofMillis(5), Duration.ofSeconds(20));
    }

    @Test
    void exportThenImport_roundTripsTheBotThroughLexsArchive(TraeLocal local) throws Exception {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot deployed = lex.bots().deploy(named("ExportSource"), FAST);
            models.reset();

            byte[] zip = fast(lex).exportArchive(deployed.botId(), deployed.version());
            assertThat(models.count("CreateExport")).isEqualTo(1);
            assertThat(models.count("DescribeExport")).as("InProgress for two polls, then Completed").isEqualTo(3);
            assertThat(models.requests("CreateExport").get(0).json().path("fileFormat").asText()).isEqualTo("LexJson");
            // the pre-signed URL is fetched without AWS credentials
            assertThat(models.requests("PresignedDownload").get(0).header("Authorization")).isEmpty();
            assertThat(LexExportFormat.read(zip, ROLE).fingerprint()).isEqualTo(named("ExportSource").fingerprint());
            // Lex stores its prompt-attempt defaults with every prompt, and the export carries them
            // (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html)
            JsonNode attempt = new ObjectMapper().readTree(entry(zip, "ExportSource/BotLocales/en_US/Intents/OrderFuel/Slots/Liters/Slot.json"))
                    .path("valueElicitationSetting").path("promptSpecification").path("promptAttemptsSpecification").path("Initial");
            assertThat(attempt.path("audioAndDTMFInputSpecification").path("startTimeoutMs").asInt()).isEqualTo(4000);
            assertThat(attempt.path("audioAndDTMFInputSpecification").path("audioSpecification").path("maxLengthMs").asInt()).isEqualTo(13000);
            assertThat(attempt.path("audioAndDTMFInputSpecification").path("audioSpecification").path("endTimeoutMs").asInt()).isEqualTo(600);
            assertThat(attempt.path("audioAndDTMFInputSpecification").path("dtmfSpecification").path("maxLength").asInt()).isEqualTo(1024);
            assertThat(attempt.path("textInputSpecification").path("startTimeoutMs").asInt()).isEqualTo(30000);

            ImportedBot copy = fast(lex).importArchive(zip,
                    new BotImport("ImportedCopy", ROLE, false, Duration.ofMinutes(5), BotImport.MergeStrategy.FAIL_ON_CONFLICT));
            assertThat(copy.botName()).isEqualTo("ImportedCopy");
            assertThat(copy.botId()).isNotEqualTo(deployed.botId()).hasSize(10);
            assertThat(models.count("CreateUploadUrl")).isEqualTo(1);
            assertThat(models.count("PresignedUpload")).isEqualTo(1);
            assertThat(models.requests("StartImport").get(0).json().path("mergeStrategy").asText()).isEqualTo("FailOnConflict");
            assertThat(models.requests("StartImport").get(0).json().path("resourceSpecification").path("botImportSpecification")
                    .path("roleArn").asText()).isEqualTo(ROLE);
            assertThat(fakes.models().intentNames(copy.botId(), "en_US"))
                    .containsExactlyInAnyOrder("FallbackIntent", "OrderFuel", "StationHours", "ReportIssue");

            // what Lex holds now is the same bot under the new name
            BotDefinition back = fast(lex).exportDefinition(copy.botId(), "DRAFT", ROLE);
            assertThat(back.fingerprint()).isEqualTo(named("ImportedCopy").fingerprint());
        }
    }

    @Test
    void importDefinition_withOverwrite_replacesTheDraftOfTheExistingBot(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            ImportedBot first = fast(lex).importDefinition(named("OverwrittenBot"), BotImport.MergeStrategy.FAIL_ON_CONFLICT);
            BotDefinition changed = BotDefinition.fromJson(named("OverwrittenBot").toJson().replace("We are open around the clock.",
                    "We are open from 6 to 22."));
            ImportedBot second = fast(lex).importDefinition(changed, BotImport.MergeStrategy.OVERWRITE);
            assertThat(second.botId()).isEqualTo(first.botId());
            assertThat(fast(lex).exportDefinition(first.botId(), "DRAFT", ROLE).fingerprint()).isEqualTo(changed.fingerprint());
        }
    }

    @Test
    void importArchive_whenLexFailsTheImport_reportsItsReasons(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            byte[] zip = LexExportFormat.write(named("TakenName"));
            BotImport spec = new BotImport("TakenName", ROLE, false, Duration.ofMinutes(5), BotImport.MergeStrategy.FAIL_ON_CONFLICT);
            fast(lex).importArchive(zip, spec);
            assertThatThrownBy(() -> fast(lex).importArchive(zip, spec)).isInstanceOfSatisfying(BotTransferException.class, e -> {
                assertThat(e.status()).isEqualTo("Failed");
                assertThat(e.transferId()).hasSize(10);
                assertThat(e.reasons()).singleElement().asString().contains("TakenName").contains("already exists");
                assertThat(e.getMessage()).contains("FailOnConflict");
            });
            assertThat(fakes.models().botCount()).isEqualTo(1);
        }
    }

    @Test
    void badInput_isRefusedBeforeAnyCall(TraeLocal local) throws Exception {
        try (LexClient lex = LexClient.create(local.config())) {
            BotTransfers t = fast(lex);
            BotImport spec = new BotImport("GoodName", ROLE, false, Duration.ofMinutes(5), BotImport.MergeStrategy.FAIL_ON_CONFLICT);
            models.reset();
            assertBad(() -> t.exportArchive("short", "1"), "botId");
            assertBad(() -> t.exportArchive("../../etc/x", "1"), "botId");
            assertBad(() -> t.exportArchive("ABCDEFGHIJ", "v1"), "botVersion");
            assertBad(() -> t.exportArchive("ABCDEFGHIJ", null), "botVersion");
            assertBad(() -> t.exportDefinition("ABCDEFGHIJ", "1", "not-a-role"), "roleArn");
            assertBad(() -> t.importArchive(new byte[0], spec), "archive");
            assertBad(() -> t.importArchive(null, spec), "archive");
            assertBad(() -> t.importArchive("not a zip".getBytes(), spec), "export");
            assertBad(() -> t.importArchive(zipOf("readme.json", "{}"), spec), "export");
            assertBad(() -> t.importArchive(zipOf("../../evil.json", "{}"), spec), "export");
            assertBad(() -> new BotImport("has space", ROLE, false, Duration.ofMinutes(5), BotImport.MergeStrategy.OVERWRITE), "botName");
            assertBad(() -> new BotImport("Ok", "arn:aws:iam::12:role/x", false, Duration.ofMinutes(5), BotImport.MergeStrategy.OVERWRITE), "roleArn");
            assertBad(() -> new BotImport("Ok", ROLE, false, Duration.ofSeconds(5), BotImport.MergeStrategy.OVERWRITE), "idleSessionTtl");
            assertBad(() -> lex.transfers().withPolling(Duration.ZERO, Duration.ofSeconds(1)), "pollInterval");
            assertThat(models.requests()).as("no request reached Lex").isEmpty();
        }
    }

    @Test
    void exportArchive_whenLexStaysInProgress_timesOutNamingTheExport(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot deployed = lex.bots().deploy(named("SlowExport"), FAST);
            fakes.models().transferPolls(1_000_000);
            assertThatThrownBy(() -> lex.transfers().withPolling(Duration.ofMillis(5), Duration.ofMillis(200))
                    .exportArchive(deployed.botId(), "DRAFT"))
                    .isInstanceOf(TraeTimeoutException.class).hasMessageContaining("export").hasMessageContaining("InProgress");
        }
    }

    @Test
    void modelsFake_refusesTransferRequestsAsTheApiReferenceDoes(TraeLocal local) {
        try (ServiceClient<LexModelsV2Client> raw = AwsClients.of(local.config()).service(Services.LEX_MODELS, LexModelsV2Client::builder)) {
            LexModelsV2Client c = raw.raw();
            // importId: fixed length 10, ^[0-9a-zA-Z]+$; mergeStrategy and resourceSpecification required (API_StartImport)
            assertThatThrownBy(() -> c.startImport(r -> r.importId("bad-id").resourceSpecification(s -> s
                    .botImportSpecification(b -> b.botName("X").roleArn(ROLE).dataPrivacy(d -> d.childDirected(false))))))
                    .isInstanceOfSatisfying(LexModelsV2Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("importId").contains("mergeStrategy");
                    });
            // fileFormat required (API_CreateExport)
            assertThatThrownBy(() -> c.createExport(r -> r.resourceSpecification(s -> s.botExportSpecification(b -> b
                    .botId("ABCDEFGHIJ").botVersion("DRAFT")))))
                    .isInstanceOfSatisfying(LexModelsV2Exception.class, e -> assertThat(e.getMessage()).contains("fileFormat"));
            // an unknown export: ResourceNotFoundException (API_DescribeExport)
            assertThatThrownBy(() -> c.describeExport(r -> r.exportId("ZZZZZZZZZZ")))
                    .isInstanceOf(software.amazon.awssdk.services.lexmodelsv2.model.ResourceNotFoundException.class);
        }
    }

    private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String parameter) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo(parameter));
    }

    private static byte[] entry(byte[] zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name + " in the export");
    }

    private static byte[] zipOf(String name, String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes());
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
