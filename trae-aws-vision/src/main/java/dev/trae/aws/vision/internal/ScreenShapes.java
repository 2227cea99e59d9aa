package dev.trae.aws.vision.internal;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shapes found in the pixels of a UI screenshot, where Rekognition reports only text: outlined rectangles
 * (input fields, outlined buttons), filled rectangles (buttons), small squares (checkboxes). The page
 * background is the most frequent colour; "ink" is any pixel clearly different from it; shapes are connected
 * components of ink judged by their bounding box, how much of it they fill and how much of its border they
 * cover. Light fills that do not count as ink are found around text with {@link #fillAround}.
 */
public final class ScreenShapes {
    /** Sum of the absolute RGB differences above which a pixel is ink. */
    static final int INK = 60;
    /** Difference above which a fill counts as a colour of its own. */
    static final int TINT = 15;

    /** What a shape is. */
    public enum Kind { OUTLINE, FILLED, SQUARE }

    /** A shape with its pixel box. */
    public record Shape(Kind kind, int x, int y, int w, int h) {
        public boolean contains(double px, double py, double slack) {
            return px >= x - slack && px <= x + w + slack && py >= y - slack && py <= y + h + slack;
        }
    }

    private final int width;
    private final int height;
    private final int[] rgb;
    private final int background;

    private ScreenShapes(BufferedImage img) {
        this.width = img.getWidth();
        this.height = img.getHeight();
        this.rgb = img.getRGB(0, 0, width, height, null, 0, width);
        this.background = mode(rgb);
    }

    /** Analyses a screenshot. */
    public static ScreenShapes of(BufferedImage img) {
        return new ScreenShapes(img);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    static int diff(int a, int b) {
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) + Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff));
    }

    private static int mode(int[] px) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < px.length; i += 3) {
            counts.merge(px[i] & 0xffffff, 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0xffffff);
    }

    private int at(int x, int y) {
        return rgb[y * width + x] & 0xffffff;
    }

    /** The shapes: connected components of ink that look like outlines, filled rectangles or small squares. */
    public List<Shape> shapes() {
        boolean[] ink = new boolean[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            ink[i] = diff(rgb[i] & 0xffffff, background) > INK;
        }
        int[] label = new int[rgb.length];
        int[] queue = new int[rgb.length];
        List<Shape> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < rgb.length; start++) {
            if (!ink[start] || label[start] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = next;
            int x0 = width;
            int y0 = height;
            int x1 = -1;
            int y1 = -1;
            int count = 0;
            while (head < tail) {
                int p = queue[head++];
                int px = p % width;
                int py = p / width;
                count++;
                x0 = Math.min(x0, px);
                x1 = Math.max(x1, px);
                y0 = Math.min(y0, py);
                y1 = Math.max(y1, py);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        int ny = py + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                            int q = ny * width + nx;
                            if (ink[q] && label[q] == 0) {
                                label[q] = next;
                                queue[tail++] = q;
                            }
                        }
                    }
                }
            }
            int w = x1 - x0 + 1;
            int h = y1 - y0 + 1;
            if (w < 9 || h < 9) {
                continue;
            }
            double fill = (double) count / (w * h);
            Kind kind = classify(label, next, x0, y0, w, h, fill);
            if (kind != null) {
                out.add(new Shape(kind, x0, y0, w, h));
            }
        }
        return out;
    }

    private Kind classify(int[] label, int id, int x0, int y0, int w, int h, double fill) {
        boolean square = Math.abs(w - h) <= 3 && w >= 10 && w <= 30;
        double top = edge(label, id, x0, y0, w, h, true, false);
        double bottom = edge(label, id, x0, y0, w, h, true, true);
        double left = edge(label, id, x0, y0, w, h, false, false);
        double right = edge(label, id, x0, y0, w, h, false, true);
        boolean ring = fill < 0.5 && top >= 0.8 && bottom >= 0.8 && left >= 0.3 && right >= 0.3;
        if (square && (ring || fill >= 0.5)) {
            return Kind.SQUARE;
        }
        if (w > 0.9 * width || h > 200 || h < 14 || w < 30) {
            return null;
        }
        if (ring) {
            return Kind.OUTLINE;
        }
        if (fill >= 0.55 && h <= 120 && w <= 0.6 * width) {
            return Kind.FILLED;
        }
        return null;
    }

    /** The fraction of a box's edge (2 px deep) that the component covers. */
    private double edge(int[] label, int id, int x0, int y0, int w, int h, boolean horizontal, boolean far) {
        int len = horizontal ? w : h;
        int hit = 0;
        for (int i = 0; i < len; i++) {
            boolean found = false;
            for (int d = 0; d < 3 && !found; d++) {
                int x = horizontal ? x0 + i : (far ? x0 + w - 1 - d : x0 + d);
                int y = horizontal ? (far ? y0 + h - 1 - d : y0 + d) : y0 + i;
                found = label[y * width + x] == id;
            }
            if (found) {
                hit++;
            }
        }
        return (double) hit / len;
    }

    /**
     * A light filled rectangle tightly around a text box (a button whose fill is too close to the page to
     * count as ink), or empty when the text sits on the page background or in a large panel.
     */
    public Optional<int[]> fillAround(int x, int y, int w, int h) {
        int[][] probes = {{x - 3, y + h / 2}, {x + w + 3, y + h / 2}, {x + w / 2, y - 3}, {x + w / 2, y + h + 2}};
        int fill = -1;
        for (int[] p : probes) {
            if (p[0] < 0 || p[1] < 0 || p[0] >= width || p[1] >= height) {
                return Optional.empty();
            }
            int c = at(p[0], p[1]);
            if (fill < 0) {
                fill = c;
            } else if (diff(c, fill) > 12) {
                return Optional.empty();
            }
        }
        if (diff(fill, background) < TINT) {
            return Optional.empty();
        }
        int cx = Math.max(0, x - 3);
        int cy = y + h / 2;
        int left = x - 3;
        while (left > 0 && diff(at(left - 1, cy), fill) <= 12) {
            left--;
        }
        int right = x + w + 3;
        while (right < width - 1 && diff(at(right + 1, cy), fill) <= 12) {
            right++;
        }
        int top = y - 3;
        while (top > 0 && diff(at(cx, top - 1), fill) <= 12) {
            top--;
        }
        int bottom = y + h + 2;
        while (bottom < height - 1 && diff(at(cx, bottom + 1), fill) <= 12) {
            bottom++;
        }
        int rw = right - left + 1;
        int rh = bottom - top + 1;
        if (rh > 4 * h || rw > 0.6 * width || rw > 4 * w + 120) {
            return Optional.empty();
        }
        return Optional.of(new int[] {left, top, rw, rh});
    }

    /**
     * How dense the ink of a text box is relative to the colour just outside it: bold text is denser than
     * regular text of the same size.
     */
    public double inkDensity(int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        if (x1 <= x0 || y1 <= y0) {
            return 0;
        }
        int local = at(Math.max(0, x0 - 2), y0 + (y1 - y0) / 2);
        int n = 0;
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                if (diff(at(xx, yy), local) > 3 * INK) {
                    n++;
                }
            }
        }
        return (double) n / ((x1 - x0) * (y1 - y0));
    }
}
