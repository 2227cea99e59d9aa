package dev.trae.testkit.aws.rekognition;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.trae.testkit.aws.textract.FakeDocument.Box;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectTextResponse;
import software.amazon.awssdk.services.rekognition.model.GetLabelDetectionResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.S3Object;
import software.amazon.awssdk.services.rekognition.model.StartLabelDetectionResponse;
import software.amazon.awssdk.services.rekognition.model.Video;

/**
 * Contract of {@link RekognitionFake}. DetectLabels and DetectFaces: the documented examples of their reference pages
 * (the examples the AWS service model carries, trimmed) parse through the real {@link RekognitionClient} and the fake
 * answers the same members. DetectText, DetectModerationLabels, StartLabelDetection and GetLabelDetection have no
 * response example in the service model and none was found for their pages: there the contract is the response model
 * (only modelled members, right types and enum values). Invalid requests get ValidationException.
 */
class RekognitionFakeContractTest {
    private static final Image S3_IMAGE = Image.builder().s3Object(S3Object.builder().bucket("mybucket").name("myphoto").build()).build();

    private FakeAwsServer docs;
    private FakeAwsServer server;
    private final RekognitionFake fake = new RekognitionFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private RekognitionClient documented;
    private RekognitionClient rek;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("rekognition-docs");
        server = FakeAwsServer.start("rekognition");
        fake.install(server);
        documented = client(RekognitionClient.builder(), docs.endpoint());
        rek = client(RekognitionClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        documented.close();
        rek.close();
        docs.close();
        server.close();
    }

    private static FakeImage person() {
        return new FakeImage().label("Person", 99.25, List.of(new Box(0.1, 0.1, 0.5, 0.8)))
                .face(new Box(0.55, 0.33, 0.24, 0.18), 25, 35, true, "HAPPY");
    }

    // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectLabels.html (example "To detect labels")
    @Test
    void detectLabels_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("DetectLabels", r -> FakeResponse.json("{\"Labels\":[{\"Confidence\":99.25072479248047,\"Name\":\"People\"},"
                + "{\"Confidence\":99.25074005126953,\"Name\":\"Person\"}]}"));
        DetectLabelsResponse doc = documented.detectLabels(b -> b.image(S3_IMAGE).maxLabels(123).minConfidence(70f));
        assertThat(doc.labels()).extracting(l -> l.name()).containsExactly("People", "Person");

        fake.programS3("mybucket", "myphoto", person());
        DetectLabelsResponse mine = rek.detectLabels(b -> b.image(S3_IMAGE).maxLabels(123).minConfidence(70f));
        assertThat(mine.labels()).extracting(l -> l.name()).containsExactly("Person");
        assertSameShape(doc, mine);
        assertModelled(DetectLabelsResponse.class, raw.lastJson());
    }

    // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectFaces.html (example "To detect faces in an image")
    @Test
    void detectFaces_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("DetectFaces", r -> FakeResponse.json("{\"FaceDetails\":[{\"BoundingBox\":{\"Height\":0.18000000715255737,"
                + "\"Left\":0.5555555820465088,\"Top\":0.33666667342185974,\"Width\":0.23999999463558197},\"Confidence\":100,"
                + "\"Landmarks\":[{\"Type\":\"eyeLeft\",\"X\":0.6394737362861633,\"Y\":0.40819624066352844},"
                + "{\"Type\":\"mouthDown\",\"X\":0.6306198239326477,\"Y\":0.46700039505958557}],"
                + "\"Pose\":{\"Pitch\":4.050806522369385,\"Roll\":0.9950747489929199,\"Yaw\":13.693790435791016},"
                + "\"Quality\":{\"Brightness\":37.60169982910156,\"Sharpness\":80}}],\"OrientationCorrection\":\"ROTATE_0\"}"));
        DetectFacesResponse doc = documented.detectFaces(b -> b.image(S3_IMAGE));
        assertThat(doc.faceDetails().get(0).landmarks().get(1).type()).isEqualTo(LandmarkType.MOUTH_DOWN);
        assertThat(doc.faceDetails().get(0).quality().sharpness()).isEqualTo(80f);

        fake.programS3("mybucket", "myphoto", person());
        DetectFacesResponse mine = rek.detectFaces(b -> b.image(S3_IMAGE));
        // OrientationCorrection: current face models no longer return it (the member is documented as deprecated)
        assertSameShape(doc, mine, "OrientationCorrection");
        assertModelled(DetectFacesResponse.class, raw.lastJson());
    }

    @Test
    void textModerationAndVideo_fakeAnswers_areModelled() {
        fake.programS3("mybucket", "myphoto", person().text("EXIT", new Box(0.1, 0.1, 0.2, 0.05))
                .moderation("Violence", "", 80.0));
        DetectTextResponse text = rek.detectText(b -> b.image(S3_IMAGE));
        assertModelled(DetectTextResponse.class, raw.lastJson());
        assertThat(text.textDetections()).isNotEmpty();
        DetectModerationLabelsResponse mod = rek.detectModerationLabels(b -> b.image(S3_IMAGE));
        assertModelled(DetectModerationLabelsResponse.class, raw.lastJson());
        assertThat(mod.moderationLabels()).isNotEmpty();
        fake.pollsBeforeDone(0);
        StartLabelDetectionResponse started = rek.startLabelDetection(b -> b.video(Video.builder().s3Object(S3Object.builder()
                .bucket("mybucket").name("clip.mp4").build()).build()));
        assertModelled(StartLabelDetectionResponse.class, raw.lastJson());
        GetLabelDetectionResponse got = rek.getLabelDetection(b -> b.jobId(started.jobId()).maxResults(5));
        assertModelled(GetLabelDetectionResponse.class, raw.lastJson());
        assertThat(got.labels()).hasSizeLessThanOrEqualTo(5);
    }

    // Image required; Features enum GENERAL_LABELS | IMAGE_PROPERTIES: API_DetectLabels.html
    @Test
    void detectLabels_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> rek.detectLabels(b -> b.maxLabels(3)))
                .isInstanceOfSatisfying(RekognitionException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'image' failed to satisfy constraint: Member must not be null");
                });
        assertThatThrownBy(() -> rek.detectLabels(b -> b.image(Image.builder().bytes(SdkBytes.fromByteArray(new byte[] {1})).build())
                .featuresWithStrings("FACES")))
                .isInstanceOfSatisfying(RekognitionException.class, e -> assertThat(e.getMessage())
                        .contains("Value 'FACES' at 'features.1' failed to satisfy constraint: Member must satisfy enum value set"));
    }

    // JobId 1..64, pattern ^[a-zA-Z0-9-_]+$: API_GetLabelDetection.html; ClientRequestToken 1..64: API_StartLabelDetection.html
    @Test
    void videoOperations_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> rek.getLabelDetection(b -> b.jobId("j".repeat(65))))
                .isInstanceOfSatisfying(RekognitionException.class, e -> assertThat(e.getMessage())
                        .contains("at 'jobId' failed to satisfy constraint: Member must have length less than or equal to 64"));
        assertThatThrownBy(() -> rek.getLabelDetection(b -> b.jobId("job id with spaces")))
                .isInstanceOfSatisfying(RekognitionException.class, e -> assertThat(e.getMessage()).contains("regular expression pattern"));
        assertThatThrownBy(() -> rek.startLabelDetection(b -> b.video(Video.builder().s3Object(S3Object.builder().bucket("b").name("v.mp4")
                .build()).build()).clientRequestToken("t".repeat(65))))
                .isInstanceOfSatisfying(RekognitionException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> rek.getLabelDetection(b -> b.jobId("abc").sortBy("SIZE")))
                .isInstanceOfSatisfying(RekognitionException.class, e -> assertThat(e.getMessage()).contains("at 'sortBy'"));
    }
}
