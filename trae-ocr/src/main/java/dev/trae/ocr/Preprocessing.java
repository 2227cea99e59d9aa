package dev.trae.ocr;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import dev.trae.aws.core.TraeValidationException;

/**
 * Which image preparation steps run before Tesseract. Immutable. {@link #defaults()} enables every step
 * that measurably helps on bad scans (border removal and Sauvola binarisation are available but off) (see the module README for the ablation numbers); each step also
 * checks whether it applies (denoising runs only when impulse noise is detected, upscaling only when text
 * is small, and so on), so enabling a step never hurts clean input much.
 *
 * <pre>{@code
 * Preprocessing p = Preprocessing.defaults().without(Preprocessing.Step.BINARIZE);
 * try (OcrEngine engine = OcrEngine.builder().languages("rus+ukr+eng").preprocessing(p).build()) { ... }
 * }</pre>
 */
public final class Preprocessing {

    /** One preparation step, in the order they run. */
    public enum Step {
        /**
         * Photos of a page: finds the sheet's quadrilateral (a page lying on a darker surface) and warps it to a flat
         * rectangle, undoing perspective. When no page is found the whole image is used, and the report says so.
         */
        RECTIFY,
        /**
         * Noise removal: an adaptive 3x3 median on salt-and-pepper impulses when they are detected, and a plain
         * median after background flattening when the remaining pixel noise is strong.
         */
        DENOISE,
        /** Divides by the estimated paper brightness: removes shadows, gradients and uneven light; stretches contrast. */
        FLATTEN_BACKGROUND,
        /**
         * Photos of curled pages: straightens text lines that bend, by fitting a smooth curve through each line's
         * characters and remapping the image so that every line is straight. Runs only on images taken for photos.
         */
        DEWARP,
        /** Removes dark borders and scanner edges that touch the image sides. */
        REMOVE_BORDERS,
        /**
         * Turns pages that lie on their side (90 degrees, from the ink profiles) or upside down (Tesseract's
         * orientation model, consulted only when the upright reading has low confidence).
         */
        ORIENTATION,
        /** Straightens text lines skewed by up to {@link #maxSkewDegrees()} degrees. */
        DESKEW,
        /**
         * Rescales text to the size Tesseract reads well and no larger: a median glyph under 14 or over 20 pixels
         * is scaled to 16 pixels (about 170 DPI for 10 to 12 pt type; larger text costs CPU and reads no
         * better). Done in the same resampling pass as {@link #DESKEW}.
         */
        RESCALE,
        /** Sauvola adaptive binarisation. */
        BINARIZE
    }

    private static final Preprocessing NONE = new Preprocessing(EnumSet.noneOf(Step.class), 10, 0.3);
    // REMOVE_BORDERS and BINARIZE are off by default: on the benchmark set each made the CER worse (see README)
    private static final Preprocessing DEFAULTS = new Preprocessing(EnumSet.of(Step.RECTIFY, Step.DENOISE, Step.FLATTEN_BACKGROUND, Step.DEWARP,
            Step.ORIENTATION, Step.DESKEW, Step.RESCALE), 10, 0.3);

    private final Set<Step> steps;
    private final double maxSkewDegrees;
    private final double sauvolaK;

    private Preprocessing(Set<Step> steps, double maxSkewDegrees, double sauvolaK) {
        this.steps = Collections.unmodifiableSet(steps.isEmpty() ? EnumSet.noneOf(Step.class) : EnumSet.copyOf(steps));
        this.maxSkewDegrees = maxSkewDegrees;
        this.sauvolaK = sauvolaK;
    }

    /** The recommended steps for scans and photos of documents. */
    public static Preprocessing defaults() {
        return DEFAULTS;
    }

    /** No preparation: the image goes to Tesseract as decoded (converted to gray). */
    public static Preprocessing none() {
        return NONE;
    }

    /** Exactly these steps. */
    public static Preprocessing of(Set<Step> steps) {
        return new Preprocessing(EnumSet.copyOf(Objects.requireNonNull(steps, "steps").isEmpty()
                ? EnumSet.noneOf(Step.class) : steps), 10, 0.3);
    }

    public Set<Step> steps() {
        return steps;
    }

    public boolean has(Step s) {
        return steps.contains(s);
    }

    /** A copy with the step added. */
    public Preprocessing with(Step s) {
        EnumSet<Step> n = steps.isEmpty() ? EnumSet.noneOf(Step.class) : EnumSet.copyOf(steps);
        n.add(Objects.requireNonNull(s, "step"));
        return new Preprocessing(n, maxSkewDegrees, sauvolaK);
    }

    /** A copy without the step. */
    public Preprocessing without(Step s) {
        EnumSet<Step> n = steps.isEmpty() ? EnumSet.noneOf(Step.class) : EnumSet.copyOf(steps);
        n.remove(Objects.requireNonNull(s, "step"));
        return new Preprocessing(n, maxSkewDegrees, sauvolaK);
    }

    /** The largest skew that {@link Step#DESKEW} corrects, in degrees (default 10). */
    public double maxSkewDegrees() {
        return maxSkewDegrees;
    }

    public Preprocessing maxSkewDegrees(double degrees) {
        if (!(degrees > 0 && degrees <= 45)) {
            throw new TraeValidationException("maxSkewDegrees", "must be in (0, 45], was " + degrees);
        }
        return new Preprocessing(steps, degrees, sauvolaK);
    }

    /** Sauvola's k for {@link Step#BINARIZE} (default 0.3; higher makes thin strokes lighter). */
    public double sauvolaK() {
        return sauvolaK;
    }

    public Preprocessing sauvolaK(double k) {
        if (!(k > 0 && k < 1)) {
            throw new TraeValidationException("sauvolaK", "must be in (0, 1), was " + k);
        }
        return new Preprocessing(steps, maxSkewDegrees, k);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing && ((Preprocessing) o).steps.equals(steps)
                && ((Preprocessing) o).maxSkewDegrees == maxSkewDegrees && ((Preprocessing) o).sauvolaK == sauvolaK;
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, maxSkewDegrees, sauvolaK);
    }

    @Override
    public String toString() {
        return "Preprocessing" + steps;
    }
}
