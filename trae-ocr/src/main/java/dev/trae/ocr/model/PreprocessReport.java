package dev.trae.ocr.model;

import java.util.List;

/**
 * What preprocessing did to a page, so that its effect can be checked and measured.
 *
 * @param applied        the steps that changed the image, in order (such as "DENOISE", "DESKEW")
 * @param rotation       degrees the page was turned clockwise to make it upright (0, 90, 180, 270)
 * @param skewDegrees    the skew that was corrected, in degrees (0 when none)
 * @param scale          the resize factor applied (1 when none)
 * @param impulseNoise   the estimated fraction of salt-and-pepper pixels before denoising
 * @param millis         time spent preprocessing
 */
public record PreprocessReport(List<String> applied, int rotation, double skewDegrees, double scale,
                               double impulseNoise, long millis) {

    public PreprocessReport {
        applied = List.copyOf(applied);
    }

    /** The report of a page that was not preprocessed. */
    public static PreprocessReport none() {
        return new PreprocessReport(List.of(), 0, 0, 1, 0, 0);
    }
}
