package dev.trae.testkit.aws.rekognition;

import java.util.ArrayList;
import java.util.List;

import dev.trae.testkit.aws.textract.FakeDocument.Box;

/**
 * What an image "shows", for {@link RekognitionFake}: labels with instances and parents, text lines,
 * moderation labels and faces, all with normalised boxes. Mutable builder-style object.
 */
public final class FakeImage {

    /** A label; {@code instances} are boxes of individual objects, {@code parents} the label hierarchy. */
    public record Label(String name, double confidence, List<Box> instances, List<String> parents) {
        public Label {
            instances = List.copyOf(instances);
            parents = List.copyOf(parents);
        }
    }

    /** A word of a line, at its own position. */
    public record Word(String text, Box box) {
    }

    /** A line of text; {@code words} empty means the fake splits the line's box evenly by characters. */
    public record Text(String text, Box box, List<Word> words) {
        public Text {
            words = List.copyOf(words);
        }

        public Text(String text, Box box) {
            this(text, box, List.of());
        }
    }

    /** A moderation label; {@code parent} is empty for a top-level category. */
    public record Moderation(String name, String parent, double confidence) {
    }

    /** A face with an age range and whether it smiles. */
    public record Face(Box box, int ageLow, int ageHigh, boolean smile, String emotion) {
    }

    private final List<Label> labels = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();
    private final List<Moderation> moderation = new ArrayList<>();
    private final List<Face> faces = new ArrayList<>();

    public FakeImage label(String name, double confidence, List<Box> instances, String... parents) {
        labels.add(new Label(name, confidence, instances, List.of(parents)));
        return this;
    }

    public FakeImage text(String text, Box box) {
        texts.add(new Text(text, box));
        return this;
    }

    /** A line whose words are at known positions (e.g. taken from a rendered page's DOM). */
    public FakeImage line(String text, Box box, List<Word> words) {
        texts.add(new Text(text, box, words));
        return this;
    }

    public FakeImage moderation(String name, String parent, double confidence) {
        moderation.add(new Moderation(name, parent, confidence));
        return this;
    }

    public FakeImage face(Box box, int ageLow, int ageHigh, boolean smile, String emotion) {
        faces.add(new Face(box, ageLow, ageHigh, smile, emotion));
        return this;
    }

    public List<Label> labels() {
        return labels;
    }

    public List<Text> texts() {
        return texts;
    }

    public List<Moderation> moderation() {
        return moderation;
    }

    public List<Face> faces() {
        return faces;
    }

    private static final String[][] CATALOG = {
            {"Person", "Human"}, {"Car", "Vehicle", "Transportation"}, {"Dog", "Animal", "Pet"}, {"Tree", "Plant"},
            {"Laptop", "Computer", "Electronics"}, {"Cup", "Tableware"}, {"Building", "Architecture"}, {"Bicycle", "Vehicle", "Transportation"}};

    /** The deterministic default for an image hash: two or three catalog labels, a text line, maybe a face. */
    public static FakeImage sample(String sha256Hex) {
        int h0 = Integer.parseInt(sha256Hex.substring(0, 2), 16);
        int h1 = Integer.parseInt(sha256Hex.substring(2, 4), 16);
        FakeImage img = new FakeImage();
        int n = 2 + h0 % 2;
        for (int i = 0; i < n; i++) {
            String[] e = CATALOG[(h1 + i * 3) % CATALOG.length];
            List<Box> inst = List.of(new Box(0.1 + 0.2 * i, 0.2, 0.15, 0.3));
            String[] parents = java.util.Arrays.copyOfRange(e, 1, e.length);
            img.label(e[0], 90 + (h0 + i) % 10, inst, parents);
            for (String parent : parents) {
                if (img.labels.stream().noneMatch(l -> l.name().equals(parent))) {
                    img.label(parent, 90 + (h0 + i) % 10, List.of());
                }
            }
        }
        img.text("SAMPLE " + sha256Hex.substring(0, 6).toUpperCase(java.util.Locale.ROOT), new Box(0.05, 0.85, 0.4, 0.06));
        if (h0 % 3 == 0) {
            img.face(new Box(0.4, 0.1, 0.2, 0.25), 25, 35, h1 % 2 == 0, "CALM");
        }
        return img;
    }
}
