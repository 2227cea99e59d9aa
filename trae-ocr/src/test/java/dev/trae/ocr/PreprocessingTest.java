package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.internal.Gray;
import dev.trae.ocr.internal.ImageOps;
import dev.trae.ocr.internal.Preprocessor;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PageGenerator.Degradation;
import dev.trae.ocr.testing.SampleTexts.Language;

/** Each preprocessing step on its own, without Tesseract. */
class PreprocessingTest {
    static final PageGenerator.Page PAGE = PageGenerator.samplePage(Language.RUSSIAN, 6, "DejaVu Serif", 11, 5);

    @Test
    void skewAngle_whenRotatedByKnownAngle_thenEstimatedWithinQuarterDegree() {
        for (double angle : new double[] {-4.5, -3, 3.5, 5}) {
            Gray g = Gray.of(PAGE.image()).rotate(angle);
            Preprocessor.Result r = Preprocessor.run(g, 300, Preprocessing.none().with(Preprocessing.Step.DESKEW), null);
            assertThat(r.report.skewDegrees()).as("angle %s", angle).isCloseTo(angle, org.assertj.core.data.Offset.offset(0.25));
        }
    }

    @Test
    void impulseNoiseFraction_whenCleanVersusNoisy_thenTellsThemApart() {
        double clean = ImageOps.impulseNoiseFraction(Gray.of(PAGE.image()));
        double noisy = ImageOps.impulseNoiseFraction(Gray.of(PageGenerator.degrade(PAGE.image(), Degradation.NOISE, 1)));
        double lowRes = ImageOps.impulseNoiseFraction(Gray.of(PageGenerator.degrade(PAGE.image(), Degradation.LOW_RES, 1)));
        assertThat(clean).isLessThan(0.003);
        assertThat(lowRes).as("thin strokes of small text are not noise").isLessThan(0.008);
        assertThat(noisy).isGreaterThan(0.02);
    }

    @Test
    void denoise_whenSaltAndPepper_thenImageCloseToOriginal() {
        Gray clean = Gray.of(PAGE.image());
        Gray noisy = Gray.of(PageGenerator.degrade(PAGE.image(), Degradation.NOISE, 2));
        Gray fixed = Preprocessor.run(noisy, 300, Preprocessing.none().with(Preprocessing.Step.DENOISE), null).image;
        assertThat(meanAbsDiff(fixed, clean)).isLessThan(meanAbsDiff(noisy, clean) / 4);
    }

    @Test
    void flatten_whenShadowed_thenPaperUniformAgain() {
        Gray shadow = Gray.of(PageGenerator.degrade(PAGE.image(), Degradation.SHADOW, 3));
        Gray flat = Preprocessor.run(shadow, 300, Preprocessing.none().with(Preprocessing.Step.FLATTEN_BACKGROUND), null).image;
        // paper pixels (white in the original) must be near white everywhere; in the shadow they were dark
        Gray clean = Gray.of(PAGE.image());
        assertThat(paperSpread(flat, clean)).isLessThan(25).isLessThan(paperSpread(shadow, clean) / 3);
    }

    @Test
    void median_equalsTheSortedMedianOfEveryNeighbourhood() {
        // the column-sorted median must give exactly the median of the nine pixels (edges repeated), borders included
        java.util.Random rnd = new java.util.Random(7);
        for (int[] size : new int[][] {{1, 1}, {2, 5}, {3, 3}, {17, 9}, {64, 40}}) {
            Gray g = new Gray(size[0], size[1]);
            for (int i = 0; i < g.p.length; i++) {
                g.p[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(8) * 30;
            }
            Gray m = ImageOps.median(g);
            for (int y = 0; y < g.h; y++) {
                for (int x = 0; x < g.w; x++) {
                    float[] nine = new float[9];
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            nine[n++] = g.get(Math.min(g.w - 1, Math.max(0, x + dx)), Math.min(g.h - 1, Math.max(0, y + dy)));
                        }
                    }
                    java.util.Arrays.sort(nine);
                    assertThat(m.get(x, y)).as("median at %d,%d of %dx%d", x, y, g.w, g.h).isEqualTo(nine[4]);
                }
            }
        }
    }

    @Test
    void rescale_whenLowResolution_thenGlyphsAtTargetSize() {
        Gray low = Gray.of(PageGenerator.degrade(PAGE.image(), Degradation.LOW_RES, 4));
        Preprocessor.Result r = Preprocessor.run(low, 0, Preprocessing.none().with(Preprocessing.Step.RESCALE), null);
        assertThat(r.report.scale()).isBetween(1.4, 4.0);
        // enlarged to 16-pixel glyphs, which 10-12 pt type has at about 170 DPI (28 pixels at 300 DPI)
        assertThat(r.dpi).isBetween(150, 195);
    }

    @Test
    void rescale_when300DpiText_thenShrunkToTargetGlyphs() {
        // 10-12 pt type at 300 DPI has glyphs of about 28 pixels: more than the LSTM needs, so it is shrunk
        Gray g = Gray.of(PAGE.image());
        Preprocessor.Result r = Preprocessor.run(g, 0, Preprocessing.none().with(Preprocessing.Step.RESCALE), null);
        assertThat(r.report.scale()).isBetween(0.4, 0.8);
        assertThat(r.dpi).isBetween(150, 195);
    }

    @Test
    void rescale_whenVeryLargeText_thenShrunkByAreaAveraging() {
        PageGenerator.Page big = PageGenerator.render(java.util.List.of("Резервуар 3", "Tank level 0815"), "DejaVu Sans", 12, 1000);
        Gray g = Gray.of(big.image());
        Preprocessor.Result r = Preprocessor.run(g, 0, Preprocessing.none().with(Preprocessing.Step.RESCALE), null);
        assertThat(r.report.scale()).isLessThan(0.6);
        assertThat(r.image.w).isEqualTo((int) Math.round(g.w * r.report.scale()));
        // area averaging keeps the ink: the share of dark pixels stays about the same
        assertThat((double) ink(r.image) / r.image.p.length).isCloseTo((double) ink(g) / g.p.length, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void removeBorders_whenDarkFrame_thenFrameGoneTextKept() {
        Gray g = Gray.of(PAGE.image());
        Gray framed = new Gray(g.w + 80, g.h + 80);
        java.util.Arrays.fill(framed.p, 20f);
        for (int y = 0; y < g.h; y++) {
            System.arraycopy(g.p, y * g.w, framed.p, (y + 40) * framed.w + 40, g.w);
        }
        Gray out = Preprocessor.run(framed, 300, Preprocessing.none().with(Preprocessing.Step.REMOVE_BORDERS), null).image;
        assertThat(out.get(5, 5)).isEqualTo(255f);
        assertThat(out.get(framed.w - 3, framed.h / 2)).isEqualTo(255f);
        long inkBefore = ink(g);
        long inkAfter = ink(out);
        assertThat((double) inkAfter / inkBefore).isBetween(0.95, 1.05);
    }

    @Test
    void sauvola_whenBinarised_thenOnlyBlackAndWhite() {
        Gray b = Preprocessor.run(Gray.of(PAGE.image()), 300, Preprocessing.none().with(Preprocessing.Step.BINARIZE), null).image;
        for (float v : b.p) {
            assertThat(v == 0f || v == 255f).isTrue();
        }
    }

    @Test
    void preprocessing_whenInvalidSettings_thenRejected() {
        assertThatThrownBy(() -> Preprocessing.defaults().maxSkewDegrees(90)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Preprocessing.defaults().sauvolaK(2)).isInstanceOf(TraeValidationException.class);
        assertThat(Preprocessing.defaults().without(Preprocessing.Step.DESKEW).has(Preprocessing.Step.DESKEW)).isFalse();
        assertThat(Preprocessing.none().steps()).isEmpty();
    }

    @Test
    void characterErrorRate_whenKnownEdits_thenRatio() {
        assertThat(CharacterErrorRate.of("abcd", "abcd")).isZero();
        assertThat(CharacterErrorRate.of("abcd", "abed")).isEqualTo(0.25);
        assertThat(CharacterErrorRate.of("a  b\nc", "a b c")).isZero();
        assertThat(CharacterErrorRate.of("", "")).isZero();
        assertThat(CharacterErrorRate.of("Об'єм", "Об’єм")).isZero();
    }

    private static double meanAbsDiff(Gray a, Gray b) {
        double s = 0;
        for (int i = 0; i < a.p.length; i++) {
            s += Math.abs(a.p[i] - b.p[i]);
        }
        return s / a.p.length;
    }

    private static double paperSpread(Gray img, Gray clean) {
        // 5th percentile distance from white over pixels that are paper in the clean page
        java.util.List<Float> v = new java.util.ArrayList<>();
        for (int i = 0; i < clean.p.length; i += 7) {
            if (clean.p[i] > 250) {
                v.add(255 - img.p[i]);
            }
        }
        v.sort(null);
        return v.get((int) (v.size() * 0.95));
    }

    private static long ink(Gray g) {
        long n = 0;
        for (float v : g.p) {
            if (v < 128) {
                n++;
            }
        }
        return n;
    }

}
