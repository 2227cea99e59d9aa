package dev.trae.ocr.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What preprocessing did to a page, so that its effect can be checked and measured.
 *
 * @param applied        the steps that changed the image, in order (such as "RECTIFY", "DENOISE", "DESKEW")
 * @param rotation       degrees the page was turned clockwise to make it upright (0, 90, 180, 270)
 * @param skewDegrees    the skew that was corrected, in degrees (0 when none)
 * @param scale          the resize factor applied (1 when none)
 * @param impulseNoise   the estimated fraction of salt-and-pepper pixels before denoising
 * @param millis         time spent preprocessing
 * @param photo          whether the image was taken for a photo of a page (a page inside a larger frame, a colour
 *                       cast, bent text lines) rather than a scan
 * @param page           the page outline found in the photo, when one was found (and the image was rectified to it)
 * @param notes          what was decided and why, in words (such as "no page found (...), used the whole image")
 */
public record PreprocessReport(List<String> applied, int rotation, double skewDegrees, double scale,
                               double impulseNoise, long millis, boolean photo, Optional<PageOutline> page,
                               List<String> notes) {

    public PreprocessReport {
        applied = List.copyOf(applied);
        Objects.requireNonNull(page, "page");
        notes = List.copyOf(notes);
    }

    /** A report without photo findings. */
    public PreprocessReport(List<String> applied, int rotation, double skewDegrees, double scale, double impulseNoise, long millis) {
        this(applied, rotation, skewDegrees, scale, impulseNoise, millis, false, Optional.empty(), List.of());
    }

    /** The report of a page that was not preprocessed. */
    public static PreprocessReport none() {
        return new PreprocessReport(List.of(), 0, 0, 1, 0, 0);
    }

    /** A copy with {@code earlier} notes (from decoding: EXIF turns, subsampling) before these. */
    public PreprocessReport withNotesBefore(List<String> earlier) {
        List<String> all = new java.util.ArrayList<>(earlier);
        all.addAll(notes);
        return new PreprocessReport(applied, rotation, skewDegrees, scale, impulseNoise, millis, photo, page, all);
    }

    /** A copy with other applied steps and rotation (the engine turns pages after preprocessing when OSD says so). */
    public PreprocessReport withRotation(List<String> newApplied, int newRotation) {
        return new PreprocessReport(newApplied, newRotation, skewDegrees, scale, impulseNoise, millis, photo, page, notes);
    }
}
