package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.vision.model.Detection;
import dev.trae.aws.vision.model.Face;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.ModerationLabel;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.textract.FakeDocument.Box;
import dev.trae.testkit.aws.rekognition.FakeImage;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TraeLocalExtension.class)
class VisionClientRekognitionTest {
    private final TraeLocal local;
    private final RekognitionFake fake;
    private final FakeAwsServer server;

    VisionClientRekognitionTest(TraeLocal local) {
        this.local = local;
        this.fake = local.fake("rekognition", new RekognitionFake());
        local.fake("textract", new dev.trae.testkit.aws.textract.TextractFake());
        this.server = local.server("rekognition");
    }

    private VisionClient client() {
        return VisionClient.builder().config(local.config()).build();
    }

    @Test
    void detectLabels_whenProgrammedScene_returnsInstancesBoxesAndParents() {
        VisionScenes.ImageScene scene = VisionScenes.loginScreen();
        fake.program(scene.png(), new FakeImage().label("Car", 97.5, List.of(new Box(0.25, 0.4, 0.2, 0.1), new Box(0.5, 0.4, 0.2, 0.1)),
                "Vehicle", "Transportation"));
        try (VisionClient vision = client()) {
            Detection<List<Label>> d = vision.detectLabels(ImageSource.bytes(scene.png()));
            Label car = d.value().stream().filter(l -> l.name().equals("Car")).findFirst().orElseThrow();
            assertThat(car.instances()).hasSize(2);
            assertThat(car.parents()).containsExactly("Vehicle", "Transportation");
            assertThat(car.instances().get(0).box().left()).isEqualTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(d.changes()).isEmpty();
            assertThat(d.fromCache()).isFalse();
        }
        assertThat(server.requests("DetectLabels").get(0).json().path("Image").has("Bytes")).isTrue();
    }

    @Test
    void detectText_whenLines_groupsWordsUnderTheirLine() {
        VisionScenes.ImageScene scene = VisionScenes.loginScreen();
        fake.program(scene.png(), scene.content());
        try (VisionClient vision = client()) {
            List<TextLine> lines = vision.detectText(ImageSource.bytes(scene.png())).value();
            assertThat(lines).extracting(TextLine::text).contains("Sign in to Trae", "Email", "Password", "Log in", "Forgot password?");
            TextLine title = lines.stream().filter(l -> l.text().equals("Sign in to Trae")).findFirst().orElseThrow();
            assertThat(title.words()).extracting(w -> w.text()).containsExactly("Sign", "in", "to", "Trae");
            assertThat(title.geometry().polygon()).hasSize(4);
        }
    }

    @Test
    void detectModerationAndFaces_whenProgrammed_returnsTypedResults() {
        byte[] img = VisionScenes.photo(1, 320, 240, true);
        fake.program(img, new FakeImage().moderation("Violence", "", 88).moderation("Weapons", "Violence", 81).moderation("Smoking", "", 30)
                .face(new Box(0.4, 0.1, 0.2, 0.3), 30, 40, true, "HAPPY"));
        try (VisionClient vision = client()) {
            List<ModerationLabel> mod = vision.detectModerationLabels(ImageSource.bytes(img), 50).value();
            assertThat(mod).extracting(ModerationLabel::name).containsExactly("Violence", "Weapons");
            assertThat(mod.get(1).parentName()).isEqualTo("Violence");
            assertThat(mod.get(1).level()).isEqualTo(2);
            Face face = vision.detectFaces(ImageSource.bytes(img), true).value().get(0);
            assertThat(face.ageLow()).isEqualTo(30);
            assertThat(face.smiling()).isTrue();
            assertThat(face.dominantEmotion()).isEqualTo("HAPPY");
        }
        assertThat(server.requests("DetectFaces").get(0).json().path("Attributes").get(0).asText()).isEqualTo("ALL");
    }

    @Test
    void detectLabels_whenFileWithExif_sendsUprightImageAndReportsChange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("photo.png"); // the name lies: the content is a JPEG
        Files.write(file, TestImages.withExifOrientation(TestImages.marked(200, 120, "jpg"), 8));
        try (VisionClient vision = client()) {
            Detection<List<Label>> d = vision.detectLabels(ImageSource.file(file));
            assertThat(d.changes()).anyMatch(c -> c.contains("orientation 8"));
            assertThat(d.value()).isNotEmpty();
        }
        byte[] sent = java.util.Base64.getDecoder().decode(server.requests("DetectLabels").get(0).json().path("Image").path("Bytes").asText());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(sent));
        assertThat(img.getWidth()).isEqualTo(120);
        assertThat(img.getHeight()).isEqualTo(200);
    }

    /**
     * Rekognition takes S3 objects up to 15 MB and image bytes up to 5 MB
     * (https://docs.aws.amazon.com/rekognition/latest/dg/limits.html): a 6 MB object is passed by reference,
     * a 16 MB one is refused before the call.
     */
    @Test
    void detectLabels_whenS3Object_passesReferenceAndVerifiesTheFifteenMegabyteLimit() {
        EmbeddedS3 s3 = local.s3();
        s3.createBucket("photos");
        s3.client().putObject(r -> r.bucket("photos").key("six.jpg"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[6 * 1024 * 1024]));
        s3.client().putObject(r -> r.bucket("photos").key("big.jpg"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[16 * 1024 * 1024]));
        s3.client().putObject(r -> r.bucket("photos").key("cat.jpg"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(VisionScenes.photo(2, 200, 200, true)));
        fake.programS3("photos", "cat.jpg", new FakeImage().label("Cat", 97, List.of(new Box(0.1, 0.1, 0.5, 0.5)), "Animal", "Pet"));
        fake.programS3("photos", "six.jpg", new FakeImage().label("Dog", 91, List.of(new Box(0.2, 0.2, 0.5, 0.5)), "Animal"));
        try (VisionClient vision = VisionClient.builder().config(local.config()).verifyS3Objects(true).build()) {
            List<Label> labels = vision.detectLabels(ImageSource.s3("photos", "cat.jpg")).value();
            assertThat(labels).extracting(Label::name).containsExactly("Cat");
            assertThat(labels.get(0).parents()).containsExactly("Animal", "Pet");
            assertThat(vision.detectLabels(ImageSource.s3("photos", "six.jpg")).value()).extracting(Label::name).containsExactly("Dog");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.s3("photos", "big.jpg")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("over the 15728640-byte limit");
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
        assertThat(server.requests("DetectLabels").get(0).json().path("Image").path("S3Object").path("Name").asText()).isEqualTo("cat.jpg");
        assertThat(server.requests("DetectLabels").get(1).json().path("Image").path("S3Object").path("Name").asText()).isEqualTo("six.jpg");
    }

    @Test
    void detectLabels_whenBadInput_refusesBeforeAnyCall(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        try (VisionClient vision = client()) {
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.file(empty))).isInstanceOf(TraeValidationException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.file(dir.resolve("../../etc/passwd-missing"))))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("not a readable regular file");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3})))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("corrupt");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes(TestImages.marked(40, 40, "png"))))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("at least 80 px");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes("RIFF\0\0\0\0WEBPVP8 data".getBytes())))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("WEBP");
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes(TestImages.marked(100, 100, "png")), 120, 10))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("minConfidence");
            assertThatThrownBy(() -> ImageSource.s3("Bad_Bucket", "k")).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> ImageSource.s3("bucket", "a\u0000b")).isInstanceOf(TraeValidationException.class);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void detectLabels_whenOverLimitButShrinkable_sendsUnderFiveMegabytes() {
        byte[] big = TestImages.noisePng(1500, 1300, 11);
        try (VisionClient vision = client()) {
            Detection<List<Label>> d = vision.detectLabels(ImageSource.bytes(big));
            assertThat(d.changes()).anyMatch(c -> c.contains("recompressed"));
        }
        String b64 = server.requests("DetectLabels").get(0).json().path("Image").path("Bytes").asText();
        assertThat(java.util.Base64.getDecoder().decode(b64).length).isLessThanOrEqualTo(RekognitionFake.MAX_IMAGE_BYTES);
    }

    @Test
    void detectLabels_whenRepeated_answersFromCacheWithoutCall() {
        byte[] img = VisionScenes.photo(5, 200, 150, false);
        try (VisionClient vision = client()) {
            Detection<List<Label>> first = vision.detectLabels(ImageSource.bytes(img));
            Detection<List<Label>> second = vision.detectLabels(ImageSource.bytes(img.clone()));
            assertThat(second.fromCache()).isTrue();
            assertThat(second.value()).isEqualTo(first.value());
            vision.detectLabels(ImageSource.bytes(img), 90, 5);   // other parameters: another call
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
    }

    @Test
    void detectLabels_whenThrottledThenOk_retriesAndSucceeds() {
        server.faults().next("DetectLabels", 2, Fault.throttle());
        try (VisionClient vision = client()) {
            assertThat(vision.detectLabels(ImageSource.bytes(VisionScenes.photo(6, 200, 150, false))).value()).isNotEmpty();
        }
        assertThat(server.count("DetectLabels")).isEqualTo(3);
    }

    @Test
    void detectText_when5xxThenOk_retries_andWhenAlways5xx_surfacesServiceError() {
        server.faults().next("DetectText", 1, Fault.status(500, "InternalServerError"));
        try (VisionClient vision = client()) {
            assertThat(vision.detectText(ImageSource.bytes(VisionScenes.photo(7, 200, 150, false))).value()).isNotEmpty();
            assertThat(server.count("DetectText")).isEqualTo(2);
            server.faults().always("DetectText", Fault.status(503, "ServiceUnavailableException"));
            assertThatThrownBy(() -> vision.detectText(ImageSource.bytes(VisionScenes.photo(8, 200, 150, false))))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        }
    }

    @Test
    void detectLabels_whenServiceTooSlow_timesOutAfterRetries() {
        server.faults().always("DetectLabels", Fault.latency(Duration.ofMillis(1500)));
        var config = local.configBuilder()
                .http(HttpSettings.builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(5))
                        .apiCallAttemptTimeout(Duration.ofMillis(300)).apiCallTimeout(Duration.ofSeconds(5)).build())
                .resilience(ResiliencePolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build())
                .build();
        try (VisionClient vision = VisionClient.builder().config(config).build()) {
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes(VisionScenes.photo(9, 200, 150, false))))
                    .isInstanceOf(TraeTimeoutException.class);
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
    }

    @Test
    void toStringAndErrors_neverContainSecrets() {
        try (VisionClient vision = client()) {
            assertThat(vision.toString()).doesNotContain(EmbeddedS3.SECRET_KEY);
            server.faults().next("DetectLabels", 1, Fault.status(400, "AccessDeniedException"));
            assertThatThrownBy(() -> vision.detectLabels(ImageSource.bytes(VisionScenes.photo(10, 200, 150, false))))
                    .isInstanceOf(TraeException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain(EmbeddedS3.SECRET_KEY));
        }
    }
}
