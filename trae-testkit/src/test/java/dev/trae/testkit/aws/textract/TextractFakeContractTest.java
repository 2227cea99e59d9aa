package dev.trae.testkit.aws.textract;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.trae.testkit.SharedData;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.AnalyzeDocumentResponse;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;
import software.amazon.awssdk.services.textract.model.Document;
import software.amazon.awssdk.services.textract.model.DocumentLocation;
import software.amazon.awssdk.services.textract.model.FeatureType;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.GetDocumentTextDetectionResponse;
import software.amazon.awssdk.services.textract.model.JobStatus;
import software.amazon.awssdk.services.textract.model.S3Object;
import software.amazon.awssdk.services.textract.model.StartDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.TextractException;

/**
 * Contract of {@link TextractFake}. The Textract reference pages carry no response examples (nor does the AWS service
 * model), so the reference here is the real recorded responses in {@code ../shared/textract-responses} (read in place via
 * {@link SharedData}; these tests are skipped where that folder is absent): they parse through the real
 * {@link TextractClient}, and the fake's answers carry the same members. Every answer of the fake is also checked
 * against the response model. Invalid requests get ValidationException.
 */
class TextractFakeContractTest {
    private static final byte[] PAGE = VisionScenes.purchaseOrder(1).png();
    private static final DocumentLocation S3_DOC = DocumentLocation.builder()
            .s3Object(S3Object.builder().bucket("docs").name("po.pdf").build()).build();

    private FakeAwsServer recorded;
    private FakeAwsServer server;
    private final TextractFake fake = new TextractFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private TextractClient replay;
    private TextractClient textract;

    @BeforeEach
    void start() {
        recorded = FakeAwsServer.start("textract-recorded");
        server = FakeAwsServer.start("textract");
        fake.install(server);
        fake.pollsBeforeDone(0);
        replay = client(TextractClient.builder(), recorded.endpoint());
        textract = client(TextractClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        replay.close();
        textract.close();
        recorded.close();
        server.close();
    }

    private static String recording(String file) throws Exception {
        Path dir = SharedData.folder("textract-responses").orElse(null);
        Assumptions.assumeTrue(dir != null, "shared/textract-responses is not beside this checkout");
        return Files.readString(dir.resolve(file));
    }

    @Test
    void detectDocumentText_realRecording_parsesAndFakeAnswersTheSameMembers() throws Exception {
        String body = recording("detect_text_sync.json");
        recorded.json("DetectDocumentText", r -> FakeResponse.json(body));
        DetectDocumentTextResponse real = replay.detectDocumentText(b -> b.document(Document.builder().bytes(SdkBytes.fromByteArray(PAGE)).build()));
        assertThat(real.blocks()).extracting(x -> x.blockType()).contains(BlockType.PAGE, BlockType.LINE, BlockType.WORD);

        DetectDocumentTextResponse mine = textract.detectDocumentText(b -> b.document(Document.builder().bytes(SdkBytes.fromByteArray(PAGE)).build()));
        assertModelled(DetectDocumentTextResponse.class, raw.lastJson());
        assertSameShape(real, mine);
    }

    @Test
    void getDocumentAnalysis_realRecording_parsesAndFakeAnswersTheSameMembers() throws Exception {
        String body = recording("analysis_async_2p.json");
        recorded.json("GetDocumentAnalysis", r -> FakeResponse.json(body));
        GetDocumentAnalysisResponse real = replay.getDocumentAnalysis(b -> b.jobId("recorded-job"));
        assertThat(real.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);

        fake.programS3("docs", "po.pdf", VisionScenes.purchaseOrder(1).content());
        StartDocumentAnalysisResponse started = textract.startDocumentAnalysis(b -> b.documentLocation(S3_DOC)
                .featureTypes(FeatureType.TABLES, FeatureType.FORMS));
        assertModelled(StartDocumentAnalysisResponse.class, raw.lastJson());
        GetDocumentAnalysisResponse mine = textract.getDocumentAnalysis(b -> b.jobId(started.jobId()));
        assertModelled(GetDocumentAnalysisResponse.class, raw.lastJson());
        assertThat(mine.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertSameShape(real, mine);
    }

    @Test
    void analyzeAndTextDetection_fakeAnswers_areModelled() {
        AnalyzeDocumentResponse analyzed = textract.analyzeDocument(b -> b.document(Document.builder().bytes(SdkBytes.fromByteArray(PAGE)).build())
                .featureTypes(FeatureType.TABLES, FeatureType.FORMS));
        assertModelled(AnalyzeDocumentResponse.class, raw.lastJson());
        assertThat(analyzed.blocks()).isNotEmpty();
        fake.programS3("docs", "po.pdf", VisionScenes.purchaseOrder(2).content());
        String job = textract.startDocumentTextDetection(b -> b.documentLocation(S3_DOC)).jobId();
        GetDocumentTextDetectionResponse text = textract.getDocumentTextDetection(b -> b.jobId(job).maxResults(100));
        assertModelled(GetDocumentTextDetectionResponse.class, raw.lastJson());
        assertThat(text.blocks()).isNotEmpty();
    }

    // FeatureTypes required, enum TABLES | FORMS | QUERIES | SIGNATURES | LAYOUT: API_AnalyzeDocument.html
    @Test
    void analyzeDocument_invalidRequests_areValidationExceptions() {
        Document doc = Document.builder().bytes(SdkBytes.fromByteArray(PAGE)).build();
        assertThatThrownBy(() -> textract.analyzeDocument(b -> b.document(doc)))
                .isInstanceOfSatisfying(TextractException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'featureTypes' failed to satisfy constraint");
                });
        assertThatThrownBy(() -> textract.analyzeDocument(b -> b.document(doc).featureTypesWithStrings("HANDWRITING")))
                .isInstanceOfSatisfying(TextractException.class, e -> assertThat(e.getMessage())
                        .contains("Value 'HANDWRITING' at 'featureTypes.1'").contains("enum value set"));
    }

    // JobTag 1..64 [a-zA-Z0-9_.\-:]+: API_StartDocumentTextDetection.html; JobId 1..64: API_GetDocumentTextDetection.html
    @Test
    void asyncOperations_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> textract.startDocumentTextDetection(b -> b.documentLocation(S3_DOC).jobTag("t".repeat(65))))
                .isInstanceOfSatisfying(TextractException.class, e -> assertThat(e.getMessage())
                        .contains("at 'jobTag' failed to satisfy constraint: Member must have length less than or equal to 64"));
        assertThatThrownBy(() -> textract.startDocumentTextDetection(b -> b.documentLocation(S3_DOC).jobTag("my tag")))
                .isInstanceOfSatisfying(TextractException.class, e -> assertThat(e.getMessage()).contains("regular expression pattern"));
        assertThatThrownBy(() -> textract.getDocumentTextDetection(b -> b.jobId("j".repeat(65))))
                .isInstanceOfSatisfying(TextractException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(fake.jobsStarted()).as("invalid requests start no job").isZero();
    }
}
