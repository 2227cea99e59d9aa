package dev.trae.aws.vision.model;

/**
 * An axis-aligned box in normalised coordinates: {@code left}, {@code top}, {@code width} and
 * {@code height} are fractions (0..1) of the image or page size, as AWS reports them.
 */
public record BoundingBox(double left, double top, double width, double height) {
    /** An empty box at the origin. */
    public static final BoundingBox EMPTY = new BoundingBox(0, 0, 0, 0);

    public double right() {
        return left + width;
    }

    public double bottom() {
        return top + height;
    }

    public double centerX() {
        return left + width / 2;
    }

    public double centerY() {
        return top + height / 2;
    }

    /** Whether the two boxes overlap vertically by at least half the smaller height. */
    public boolean sameRowAs(BoundingBox o) {
        double overlap = Math.min(bottom(), o.bottom()) - Math.max(top, o.top);
        return overlap > 0.5 * Math.min(height, o.height);
    }

    /** The smallest box covering both. */
    public BoundingBox union(BoundingBox o) {
        double l = Math.min(left, o.left);
        double t = Math.min(top, o.top);
        return new BoundingBox(l, t, Math.max(right(), o.right()) - l, Math.max(bottom(), o.bottom()) - t);
    }
}
