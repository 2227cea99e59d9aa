package dev.trae.ocr.model;

import java.util.List;

/**
 * The outline of a sheet of paper found in a photo.
 *
 * @param corners    x and y of the corners in pixels of the input image: top-left, top-right, bottom-right,
 *                   bottom-left (8 numbers)
 * @param confidence how sure the finder is, 0 to 1
 * @param cutOff     how many sides of the page lie on the edge of the photo (the page continues outside it)
 */
public record PageOutline(List<Double> corners, double confidence, int cutOff) {

    public PageOutline {
        corners = List.copyOf(corners);
        if (corners.size() != 8) {
            throw new IllegalArgumentException("a page outline has 4 corners (8 numbers), got " + corners.size());
        }
    }
}
