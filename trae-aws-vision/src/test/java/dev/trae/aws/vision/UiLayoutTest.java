package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.Geometry;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.aws.vision.model.UiElement;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class UiLayoutTest {
    private final TraeLocal local;
    private final RekognitionFake fake;

    UiLayoutTest(TraeLocal local) {
        this.local = local;
        this.fake = local.fake("rekognition", new RekognitionFake());
        local.fake("textract", new dev.trae.testkit.aws.textract.TextractFake());
    }

    @Test
    void analyzeUi_whenLoginScreen_findsElementsRowsAndColumns() throws Exception {
        VisionScenes.ImageScene scene = VisionScenes.loginScreen();
        fake.program(scene.png(), scene.content());
        try (VisionClient vision = VisionClient.create(local.config())) {
            UiLayout ui = vision.analyzeUi(ImageSource.bytes(scene.png())).value();
            assertThat(ui.elements(UiElement.Kind.HEADING)).extracting(UiElement::text).containsExactly("Sign in to Trae");
            assertThat(ui.elements(UiElement.Kind.INPUT)).extracting(UiElement::text).containsExactly("Email", "Password");
            List<UiElement> buttons = ui.elements(UiElement.Kind.BUTTON);
            assertThat(buttons).extracting(UiElement::text).containsExactly("Log in", "Cancel");
            assertThat(buttons.get(0).row()).isEqualTo(buttons.get(1).row());
            assertThat(buttons.get(1).column()).isGreaterThan(buttons.get(0).column());
            assertThat(ui.elements(UiElement.Kind.TEXT)).extracting(UiElement::text).containsExactly("Remember me", "Forgot password?");
            assertThat(ui.rows()).hasSize(6);
            assertThat(ui.columnCount()).isEqualTo(2);

            String html = ui.toHtml("Sign in");
            assertThat(html).isEqualTo(vision.analyzeUi(ImageSource.bytes(scene.png())).value().toHtml("Sign in"));
            assertThat(html).contains("<h1").contains("type=\"password\"").contains("type=\"email\"")
                    .contains("<button type=\"submit\" class=\"primary\"").contains(">Cancel</button>").contains("width: 800px");

            byte[] overlay = ui.renderOverlay(scene.png());
            BufferedImage o = ImageIO.read(new ByteArrayInputStream(overlay));
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(scene.png()));
            assertThat(o.getWidth()).isEqualTo(800);
            // the first button's box is drawn in orange at its left edge
            int x = (int) Math.round(buttons.get(0).box().left() * 800);
            int y = (int) Math.round(buttons.get(0).box().centerY() * 600);
            assertThat(o.getRGB(x, y)).isNotEqualTo(src.getRGB(x, y));
        }
        // the second analysis was served from the cache
        assertThat(local.server("rekognition").count("DetectText")).isEqualTo(1);
    }

    @Test
    void toHtml_whenHostileText_escapesIt() {
        TextLine evil = new TextLine("<script>alert('x')</script>", 99, new Geometry(new BoundingBox(0.1, 0.1, 0.5, 0.05), List.of()), List.of());
        UiLayout ui = UiLayout.from(List.of(evil), List.of(), 400, 300);
        assertThat(ui.toHtml("<t>")).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("<title>&lt;t&gt;</title>");
    }
}
