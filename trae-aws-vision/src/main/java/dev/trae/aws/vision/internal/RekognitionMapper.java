package dev.trae.aws.vision.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.Face;
import dev.trae.aws.vision.model.Geometry;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.LabelInstance;
import dev.trae.aws.vision.model.ModerationLabel;
import dev.trae.aws.vision.model.Point;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.aws.vision.model.TextWord;
import dev.trae.aws.vision.model.VideoLabel;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectTextResponse;
import software.amazon.awssdk.services.rekognition.model.Emotion;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.LabelDetection;
import software.amazon.awssdk.services.rekognition.model.TextDetection;
import software.amazon.awssdk.services.rekognition.model.TextTypes;

/**
 * Maps Rekognition's SDK responses to the module's model types, as {@link BlockParser} does for Textract's blocks.
 * Absent numbers become 0 and absent strings empty. Not API.
 */
public final class RekognitionMapper {
    private RekognitionMapper() {
    }

    /** DetectLabels: labels with instances, boxes and parents. */
    public static List<Label> labels(DetectLabelsResponse r) {
        return r.labels().stream().map(RekognitionMapper::label).toList();
    }

    /** DetectText: the LINE detections, each with the WORD detections whose parent it is. */
    public static List<TextLine> textLines(DetectTextResponse r) {
        List<TextLine> lines = new ArrayList<>();
        for (TextDetection d : r.textDetections()) {
            if (d.type() == TextTypes.LINE) {
                List<TextWord> words = r.textDetections().stream()
                        .filter(w -> w.type() == TextTypes.WORD && Objects.equals(w.parentId(), d.id()))
                        .map(w -> new TextWord(w.detectedText(), f(w.confidence()), geometry(w.geometry())))
                        .toList();
                lines.add(new TextLine(d.detectedText(), f(d.confidence()), geometry(d.geometry()), words));
            }
        }
        return lines;
    }

    /**
     * DetectModerationLabels; a missing taxonomy level is derived from the parent (1 for a top-level category,
     * 2 below one).
     */
    public static List<ModerationLabel> moderationLabels(DetectModerationLabelsResponse r) {
        return r.moderationLabels().stream().map(m -> new ModerationLabel(nz(m.name()), nz(m.parentName()), f(m.confidence()),
                m.taxonomyLevel() == null ? (nz(m.parentName()).isEmpty() ? 1 : 2) : m.taxonomyLevel())).toList();
    }

    /** DetectFaces: box, confidence, age range, smile and the most confident emotion. */
    public static List<Face> faces(DetectFacesResponse r) {
        List<Face> out = new ArrayList<>();
        for (FaceDetail fd : r.faceDetails()) {
            String emotion = fd.emotions().stream().max(Comparator.comparingDouble((Emotion e) -> f(e.confidence())))
                    .map(Emotion::typeAsString).orElse("");
            out.add(new Face(box(fd.boundingBox()), f(fd.confidence()), fd.ageRange() == null ? 0 : fd.ageRange().low(),
                    fd.ageRange() == null ? 0 : fd.ageRange().high(), fd.smile() != null && Boolean.TRUE.equals(fd.smile().value()), emotion));
        }
        return out;
    }

    /** One label of a GetLabelDetection page, at its timestamp. */
    public static VideoLabel videoLabel(LabelDetection d) {
        return new VideoLabel(d.timestamp() == null ? 0 : d.timestamp(), label(d.label()));
    }

    static Label label(software.amazon.awssdk.services.rekognition.model.Label l) {
        List<LabelInstance> inst = l.instances().stream().map(i -> new LabelInstance(box(i.boundingBox()), f(i.confidence()))).toList();
        List<String> parents = l.parents().stream().map(p -> p.name()).toList();
        return new Label(nz(l.name()), f(l.confidence()), inst, parents);
    }

    static BoundingBox box(software.amazon.awssdk.services.rekognition.model.BoundingBox b) {
        if (b == null) {
            return BoundingBox.EMPTY;
        }
        return new BoundingBox(f(b.left()), f(b.top()), f(b.width()), f(b.height()));
    }

    static Geometry geometry(software.amazon.awssdk.services.rekognition.model.Geometry g) {
        if (g == null) {
            return Geometry.NONE;
        }
        return new Geometry(box(g.boundingBox()), g.polygon().stream().map(p -> new Point(f(p.x()), f(p.y()))).toList());
    }

    private static double f(Float v) {
        return v == null ? 0 : v;
    }

    /** {@code s}, or empty for null. */
    public static String nz(String s) {
        return s == null ? "" : s;
    }
}
