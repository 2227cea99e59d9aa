package dev.trae.ocr.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.Preprocessing.Step;
import dev.trae.ocr.model.PageOutline;
import dev.trae.ocr.model.PreprocessReport;

/** Runs the enabled {@link Preprocessing} steps on a page image. Thread-safe (stateless). */
public final class Preprocessor {
    /** Median glyph height (pixels) of 10-12 pt type at 300 DPI: the reference for the resolution estimate. */
    static final double GLYPH_AT_300_DPI = 28;
    /**
     * Median glyph height text is scaled to when it lies outside {@link #GLYPH_MIN} to {@link #GLYPH_MAX}. Tesseract's
     * LSTM scales every text line to 36 pixels anyway, so larger glyphs only cost thresholding, layout analysis and
     * line cropping on more pixels: on the 60-page benchmark set, glyphs of 16 pixels read with CER 0.003 against
     * 0.006 when 10-12 pt type was left at 250-320 DPI (25-35 pixel glyphs) and small text enlarged to 22, and
     * Tesseract used 18 % less CPU (README, "CPU per page").
     */
    static final double TARGET_GLYPH = 16;
    /** Smaller median glyphs are enlarged to {@link #TARGET_GLYPH}. */
    static final double GLYPH_MIN = 14;
    /** Larger median glyphs are shrunk to {@link #TARGET_GLYPH} (by area averaging). */
    static final double GLYPH_MAX = 20;

    /** Detects a page's orientation: returns {clockwise degrees, confidence} or null. */
    @FunctionalInterface
    public interface OrientationDetector {
        float[] detect(Gray image, int dpi);
    }

    /** The prepared image with its resolution and what was done. */
    public static final class Result {
        public final Gray image;
        public final int dpi;
        public final PreprocessReport report;

        Result(Gray image, int dpi, PreprocessReport report) {
            this.image = image;
            this.dpi = dpi;
            this.report = report;
        }
    }

    private Preprocessor() {
    }

    private static ImageOps.Components components(Gray g) {
        int t = ImageOps.otsu(g);
        return ImageOps.components(ImageOps.threshold(g, Math.min(t, 220)), g.w, g.h);
    }

    /**
     * @param dpiHint the resolution from the file's metadata or the PDF renderer, or 0 when unknown
     * @param osd     the orientation detector for 180-degree turns, or null
     */
    public static Result run(Gray input, int dpiHint, Preprocessing p, OrientationDetector osd) {
        return run(input, dpiHint, p, osd, 0);
    }

    /**
     * @param colourCast how far the image's bright pixels are from neutral grey (see {@link PhotoCues#colourCast}),
     *                   one of the signs that the image is a photo; 0 for grey images
     */
    public static Result run(Gray input, int dpiHint, Preprocessing p, OrientationDetector osd, double colourCast) {
        long t0 = System.nanoTime();
        List<String> applied = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Gray g = input;
        boolean photo = false;
        Optional<PageOutline> outline = Optional.empty();
        if (p.has(Step.RECTIFY)) {
            PageFinder.Outline o = PageFinder.find(g);
            notes.add(o.note());
            if (o.found()) {
                int[] size = o.size();
                g = Perspective.warp(g, o.x(), o.y(), size[0], size[1]);
                List<Double> corners = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    corners.add(o.x()[i]);
                    corners.add(o.y()[i]);
                }
                outline = Optional.of(new PageOutline(corners, o.confidence(), o.touchesEdge()));
                applied.add(Step.RECTIFY.name());
                photo = true;
            }
        }
        if (colourCast > PhotoCues.COLOUR_CAST_PHOTO) {
            notes.add(String.format(java.util.Locale.ROOT, "colour cast %.2f: taken for a photo", colourCast));
            photo = true;
        }
        double noise = 0;
        int rotation = 0;
        double skew = 0;
        double scale = 1;
        int dpi = dpiHint > 0 ? dpiHint : 300;

        if (p.has(Step.DENOISE)) {
            noise = ImageOps.impulseNoiseFraction(g);
            if (noise > 0.008) {
                g = ImageOps.removeImpulses(g, 70);
                if (noise > 0.03) {
                    g = ImageOps.removeImpulses(g, 70);
                }
                applied.add(Step.DENOISE.name());
            }
        }
        if (p.has(Step.FLATTEN_BACKGROUND)) {
            int block = Math.max(8, Math.min(64, Math.min(g.w, g.h) / 60));
            g = ImageOps.flattenBackground(g, block);
            g = ImageOps.stretchContrast(g, 0.01, 0.90);
            applied.add(Step.FLATTEN_BACKGROUND.name());
        }
        if (p.has(Step.DENOISE)) {
            // sensor noise (amplified where flattening brightened shadows): a 3x3 median when it is strong
            double sigma = ImageOps.noiseSigma(g);
            if (sigma > 7) {
                g = ImageOps.median(g);
                if (sigma > 14) {
                    g = ImageOps.gaussian(g, 0.7);
                }
                if (!applied.contains(Step.DENOISE.name())) {
                    applied.add(0, Step.DENOISE.name());
                }
            }
        }
        if (p.has(Step.DEWARP) && photo) {
            Gray d = TextLineDewarp.dewarp(g);
            if (d != null) {
                g = d;
                applied.add(Step.DEWARP.name());
            } else {
                notes.add("dewarp: text lines straight (or too few to model), left as is");
            }
        }
        double glyph = -1;
        ImageOps.Components cc = null;
        boolean needCc = p.has(Step.REMOVE_BORDERS) || p.has(Step.DESKEW) || p.has(Step.RESCALE) || p.has(Step.BINARIZE);
        if (needCc) {
            cc = components(g);
            glyph = ImageOps.medianGlyphHeight(cc, g.w, g.h);
        }
        if (p.has(Step.REMOVE_BORDERS) && ImageOps.removeBorders(g, cc, 0.08) > 0) {
            applied.add(Step.REMOVE_BORDERS.name());
        }
        if (p.has(Step.ORIENTATION)) {
            if (ImageOps.looksTurned90(g)) {
                g = g.rotate90(1);
                rotation = 90;
            }
            if (osd != null) {
                float[] o = osd.detect(g, dpi);
                if (o != null && o[1] >= 2.0f && (int) o[0] != 0) {
                    int turns = Math.round(o[0] / 90f);
                    g = g.rotate90(4 - turns);
                    rotation = (rotation + 360 - turns * 90) % 360;
                }
            }
            if (rotation != 0) {
                if (needCc) {
                    cc = components(g);
                    glyph = ImageOps.medianGlyphHeight(cc, g.w, g.h);
                }
                applied.add(Step.ORIENTATION.name());
            }
        }
        // deskew and rescale are one resampling pass: the angle and the factor are found first
        double turn = 0;
        if (p.has(Step.DESKEW)) {
            double a = ImageOps.skewAngleFromGlyphs(cc, glyph, p.maxSkewDegrees());
            if (Double.isNaN(a)) {
                a = ImageOps.skewAngle(g, p.maxSkewDegrees());
            }
            if (Math.abs(a) >= 0.2) {
                turn = -a;
                skew = a;
                applied.add(Step.DESKEW.name());
            }
        }
        double f = 1;
        if (p.has(Step.RESCALE) && glyph > 0) {
            if (glyph < GLYPH_MIN) {
                f = Math.min(4, TARGET_GLYPH / glyph);
            } else if (glyph > GLYPH_MAX) {
                f = Math.max(0.1, TARGET_GLYPH / glyph);
            }
            if (Math.abs(f - 1) <= 0.05) {
                f = 1;
            }
        }
        if (turn != 0 || f != 1) {
            if (f < 1) {
                // shrinking: area averaging (interpolation would skip pixels of thin strokes), then the rotation
                // on the smaller image (a rotation costs per output pixel)
                Gray small = g.resize((int) Math.round(g.w * f), (int) Math.round(g.h * f));
                g = turn != 0 ? small.warp(turn, 1) : small;
            } else {
                g = g.warp(turn, f);
            }
            if (f != 1) {
                scale = f;
                glyph *= f;
                applied.add(Step.RESCALE.name());
            }
            if (p.has(Step.REMOVE_BORDERS) || p.has(Step.BINARIZE)) {
                cc = components(g);
                glyph = ImageOps.medianGlyphHeight(cc, g.w, g.h);
            }
        }
        if (p.has(Step.REMOVE_BORDERS) && ImageOps.clearOutsideText(g, cc, glyph)
                && !applied.contains(Step.REMOVE_BORDERS.name())) {
            applied.add(Step.REMOVE_BORDERS.name());
        }
        if (p.has(Step.RESCALE) && glyph > 0) {
            dpi = (int) Math.max(70, Math.min(1200, Math.round(300 * glyph / GLYPH_AT_300_DPI)));
        }
        if (p.has(Step.BINARIZE)) {
            int window = glyph > 0 ? (int) Math.round(glyph * 2.5) | 1 : 41;
            g = ImageOps.sauvola(g, Math.max(15, window), p.sauvolaK());
            applied.add(Step.BINARIZE.name());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(g, dpi, new PreprocessReport(applied, rotation, skew, scale, noise, ms, photo, outline,
                notes.isEmpty() ? List.of(photo ? "photo" : "scan") : notes));
    }
}
