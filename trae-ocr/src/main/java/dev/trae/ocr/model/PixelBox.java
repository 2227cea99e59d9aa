package dev.trae.ocr.model;

/**
 * An axis-aligned rectangle in pixels of the page image, origin at the top left. Named apart from
 * {@code dev.trae.aws.vision.model.BoundingBox}, which holds ratios of the image size (Rekognition, Textract).
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width, at least 0
 * @param height height, at least 0
 */
public record PixelBox(int x, int y, int width, int height) {

    public PixelBox {
        width = Math.max(0, width);
        height = Math.max(0, height);
    }

    /** From left, top, right and bottom edges (right and bottom exclusive). */
    public static PixelBox ofEdges(int left, int top, int right, int bottom) {
        return new PixelBox(left, top, right - left, bottom - top);
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    /** The smallest box containing both. */
    public PixelBox union(PixelBox o) {
        if (width == 0 && height == 0) {
            return o;
        }
        return ofEdges(Math.min(x, o.x), Math.min(y, o.y), Math.max(right(), o.right()), Math.max(bottom(), o.bottom()));
    }

    /** This box scaled by a factor (for mapping between resolutions). */
    public PixelBox scale(double f) {
        return new PixelBox((int) Math.round(x * f), (int) Math.round(y * f), (int) Math.round(width * f), (int) Math.round(height * f));
    }
}
