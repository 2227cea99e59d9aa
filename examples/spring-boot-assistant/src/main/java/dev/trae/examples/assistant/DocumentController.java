package dev.trae.examples.assistant;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.trae.aws.vision.ImageSource;
import dev.trae.aws.vision.VisionClient;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Table;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrDocument;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/documents}: a scan or photo of a delivery note goes through Tesseract (text and fields, on this
 * machine) and Textract (form fields and tables). Refuses an empty upload (400), anything but PNG, JPEG or TIFF
 * (415) and more than {@code assistant.max-upload-bytes} (413) before any work.
 */
@RestController
public class DocumentController {
    private final OcrEngine ocr;
    private final VisionClient vision;
    private final AssistantProperties properties;

    public DocumentController(OcrEngine ocr, VisionClient vision, AssistantProperties properties) {
        this.ocr = ocr;
        this.vision = vision;
        this.properties = properties;
    }

    @PostMapping(path = "/api/documents")
    public Map<String, Object> analyze(@RequestParam("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "The file is empty: choose a scan or photo of a delivery note.");
        }
        if (file.getSize() > properties.maxUploadBytes()) {
            throw new BadRequestException(HttpStatus.PAYLOAD_TOO_LARGE, "The file is too large (" + file.getSize() / 1024
                    + " KB): upload an image of at most " + properties.maxUploadBytes() / (1024 * 1024) + " MB.");
        }
        byte[] bytes = file.getBytes();
        String kind = imageKind(bytes);
        if (kind == null) {
            throw new BadRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "This is not an image: upload a PNG, JPEG or TIFF scan or photo of the delivery note.");
        }
        String name = file.getOriginalFilename() == null ? "upload." + kind : file.getOriginalFilename();
        OcrDocument text = ocr.recognize(bytes, name);
        List<Map<String, Object>> ocrFields = new ArrayList<>();
        for (ExtractedField f : FieldExtractor.extract(text)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", f.label());
            m.put("value", f.value());
            f.number().ifPresent(n -> m.put("number", n));
            f.unitCode().ifPresent(u -> m.put("unit", u));
            ocrFields.add(m);
        }
        Document doc = vision.analyzeDocument(ImageSource.bytes(name, bytes), d -> d.tables().forms()).value();
        List<List<List<String>>> tables = new ArrayList<>();
        for (Table t : doc.tables()) {
            tables.add(t.grid());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("ocrText", text.text());
        out.put("ocrConfidence", Math.round(text.meanConfidence()));
        out.put("ocrFields", ocrFields);
        out.put("fields", doc.fields());
        out.put("tables", tables);
        return out;
    }

    /** png, jpeg or tiff from the first bytes, or {@code null}. */
    static String imageKind(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return "tiff";
        }
        return null;
    }
}
