package dev.trae.aws.vision.internal;

import java.util.List;

import dev.trae.aws.vision.DocumentFeatures;
import software.amazon.awssdk.services.textract.model.FeatureType;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.GetDocumentTextDetectionResponse;
import software.amazon.awssdk.services.textract.model.Query;
import software.amazon.awssdk.services.textract.model.QueriesConfig;

/** Maps {@link DocumentFeatures} to Textract's request members, and text-detection pages to the analysis shape. Not API. */
public final class TextractRequests {
    private TextractRequests() {
    }

    /** The FeatureTypes of an analysis, in a stable order (the cache key and the request agree). */
    public static List<FeatureType> featureTypes(DocumentFeatures f) {
        return f.features().stream().sorted().map(x -> FeatureType.fromValue(x.name())).toList();
    }

    /** The QueriesConfig of an analysis with queries (an alias only when one was given). */
    public static QueriesConfig queries(DocumentFeatures f) {
        return QueriesConfig.builder().queries(f.queries().stream().map(q -> {
            Query.Builder b = Query.builder().text(q.text());
            if (!q.alias().isEmpty()) {
                b.alias(q.alias());
            }
            return b.build();
        }).toList()).build();
    }

    /** A GetDocumentTextDetection page in the shape of a GetDocumentAnalysis page (same members). */
    public static GetDocumentAnalysisResponse asAnalysisPage(GetDocumentTextDetectionResponse r) {
        return GetDocumentAnalysisResponse.builder().jobStatus(r.jobStatusAsString()).statusMessage(r.statusMessage()).nextToken(r.nextToken())
                .blocks(r.blocks()).documentMetadata(r.documentMetadata()).warnings(r.warnings()).build();
    }
}
