package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.UiElement;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.rekognition.FakeImage;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.FakeDocument.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * UI analysis on what Rekognition really returns for a screenshot: text lines and words, and generic labels
 * without boxes. Ten real HTML pages ({@code src/test/resources/ui-pages}) are rendered by headless Chromium;
 * the Rekognition fake answers DetectText with every line and word at its true position, taken from the page's
 * DOM, and DetectLabels with generic labels only ("Text", "Page", "Webpage"). Element kinds (button, input,
 * checkbox, heading) must come from the pixels; precision and recall per kind are measured against the DOM
 * (buttons, text-like inputs, checkboxes, h1-h3) and written to {@code target/ui-screenshot-eval.md}.
 * Skips, saying why, when Chromium is not installed.
 */
@ExtendWith(TraeLocalExtension.class)
class UiScreenshotsFromChromiumTest {
    private static final List<String> KINDS = List.of("BUTTON", "INPUT", "CHECKBOX", "HEADING");

    @Test
    void analyzeUi_onRealPagesRenderedByChromium_findsElementKindsFromThePixels(TraeLocal local) throws Exception {
        Path chromium = ChromiumPages.chromium().orElse(null);
        assumeTrue(chromium != null, "chromium is not installed (the Makefile installs Debian's chromium)");
        List<Path> pages = pages();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(10);
        List<ChromiumPages.Page> rendered;
        try {
            rendered = ChromiumPages.render(chromium, pages, Path.of("target", "ui-pages"));
        } catch (IOException e) {
            assumeTrue(false, "chromium could not render here: " + e.getMessage());
            return;
        }
        RekognitionFake fake = local.fake("rekognition", new RekognitionFake());
        Map<String, int[]> counts = new LinkedHashMap<>(); // kind -> tp, fp, fn
        KINDS.forEach(k -> counts.put(k, new int[3]));
        StringBuilder perPage = new StringBuilder();
        try (VisionClient vision = VisionClient.create(local.config())) {
            for (ChromiumPages.Page page : rendered) {
                fake.program(page.png(), rekognitionView(page.truth()));
                UiLayout ui = vision.analyzeUi(ImageSource.bytes(page.name(), page.png())).value();
                Path out = Path.of("target", "ui-pages", page.name() + ".overlay.png");
                Files.write(out, ui.renderOverlay(page.png()));
                perPage.append("| ").append(page.name());
                for (String kind : KINDS) {
                    List<double[]> truth = new ArrayList<>();
                    for (JsonNode e : page.truth().path("elements")) {
                        if (e.path("kind").asText().equals(kind)) {
                            truth.add(px(e.path("b")));
                        }
                    }
                    List<double[]> found = new ArrayList<>();
                    for (UiElement e : ui.elements()) {
                        if (e.kind().name().equals(kind)) {
                            found.add(px(e.box()));
                        }
                    }
                    int[] c = match(truth, found);
                    int[] total = counts.get(kind);
                    for (int i = 0; i < 3; i++) {
                        total[i] += c[i];
                    }
                    perPage.append(" | ").append(c[0]).append('/').append(truth.size()).append(" (+").append(c[1]).append(')');
                }
                perPage.append(" |\n");
            }
        }
        StringBuilder report = new StringBuilder("# UI element kinds on " + rendered.size()
                + " Chromium-rendered pages (DetectText lines and words from the DOM, generic labels only)\n\n"
                + "| kind | true | found | matched | precision | recall |\n|---|---|---|---|---|---|\n");
        Map<String, double[]> pr = new LinkedHashMap<>();
        counts.forEach((kind, c) -> {
            double p = c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
            double r = c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
            pr.put(kind, new double[] {p, r});
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f |%n", kind, c[0] + c[2], c[0] + c[1], c[0], p, r));
        });
        report.append("\n| page | buttons | inputs | checkboxes | headings |\n|---|---|---|---|---|\n").append(perPage);
        Files.writeString(Path.of("target", "ui-screenshot-eval.md"), report);
        System.out.println(report);
        for (String kind : List.of("BUTTON", "INPUT", "CHECKBOX")) {
            assertThat(pr.get(kind)[0]).as(kind + " precision\n" + report).isGreaterThanOrEqualTo(0.9);
            assertThat(pr.get(kind)[1]).as(kind + " recall\n" + report).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(pr.get("HEADING")[1]).as("HEADING recall\n" + report).isGreaterThanOrEqualTo(0.8);
    }

    /** What Rekognition answers for the page: its lines and words where the DOM says they are, and generic labels. */
    private static FakeImage rekognitionView(JsonNode truth) {
        FakeImage img = new FakeImage();
        for (JsonNode l : truth.path("lines")) {
            List<FakeImage.Word> words = new ArrayList<>();
            for (JsonNode w : l.path("words")) {
                words.add(new FakeImage.Word(w.path("t").asText(), box(w.path("b"))));
            }
            img.line(l.path("text").asText(), box(l.path("b")), words);
        }
        img.label("Text", 99.2, List.of());
        img.label("Page", 93.5, List.of(), "Text");
        img.label("Webpage", 88.1, List.of());
        return img;
    }

    private static Box box(JsonNode b) {
        double x = Math.max(0, b.path("x").asDouble());
        double y = Math.max(0, b.path("y").asDouble());
        return new Box(x / ChromiumPages.WIDTH, y / ChromiumPages.HEIGHT,
                Math.min(b.path("w").asDouble(), ChromiumPages.WIDTH - x) / ChromiumPages.WIDTH,
                Math.min(b.path("h").asDouble(), ChromiumPages.HEIGHT - y) / ChromiumPages.HEIGHT);
    }

    private static double[] px(JsonNode b) {
        return new double[] {b.path("x").asDouble(), b.path("y").asDouble(), b.path("w").asDouble(), b.path("h").asDouble()};
    }

    private static double[] px(BoundingBox b) {
        return new double[] {b.left() * ChromiumPages.WIDTH, b.top() * ChromiumPages.HEIGHT,
                b.width() * ChromiumPages.WIDTH, b.height() * ChromiumPages.HEIGHT};
    }

    /** Greedy one-to-one matching: a found box matches a true one when each one's centre lies in the other (4 px slack). */
    private static int[] match(List<double[]> truth, List<double[]> found) {
        boolean[] used = new boolean[found.size()];
        int tp = 0;
        for (double[] t : truth) {
            for (int i = 0; i < found.size(); i++) {
                if (!used[i] && centreIn(t, found.get(i)) && centreIn(found.get(i), t)) {
                    used[i] = true;
                    tp++;
                    break;
                }
            }
        }
        return new int[] {tp, found.size() - tp, truth.size() - tp};
    }

    private static boolean centreIn(double[] a, double[] b) {
        double cx = a[0] + a[2] / 2;
        double cy = a[1] + a[3] / 2;
        return cx >= b[0] - 4 && cx <= b[0] + b[2] + 4 && cy >= b[1] - 4 && cy <= b[1] + b[3] + 4;
    }

    private static List<Path> pages() throws IOException, URISyntaxException {
        Path dir = Path.of(UiScreenshotsFromChromiumTest.class.getResource("/ui-pages").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }
}
