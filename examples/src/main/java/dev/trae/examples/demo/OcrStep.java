package dev.trae.examples.demo;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import dev.trae.ocr.DomainDictionary;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.OcrFormat;
import dev.trae.ocr.OcrWriter;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PhotoGenerator;

/**
 * OCR: renders a fuel-station inspection report, spoils it like a bad phone photo (skew, shadow, blur, noise,
 * dark edges, low resolution), reads it with trae-ocr, corrects jargon with a domain dictionary, prints the
 * text and the extracted fields as JSON, and writes a searchable PDF. Plain Tesseract on the same image is
 * shown for comparison.
 */
final class OcrStep implements DemoStep {

    private static final List<String> REPORT = List.of(
            "Акт проверки автозаправочной станции № 17",
            "Дата проверки: 14.03.2024",
            "Объем топлива: 12 450 литров",
            "Температура топлива: 8 градусов",
            "Погрешность счетчика: 0,3 процента",
            "Обнаружена протечка у раздаточного крана.",
            "Заземление автоцистерны проверено перед сливом.",
            "Ответственный: старший оператор Петров");

    private static final List<String> JARGON = List.of("автозаправочной", "автоцистерны", "раздаточного", "резервуар",
            "рекуперации", "нефтепродуктов", "протечка", "заземление", "погрешность", "счетчика");

    @Override
    public String title() {
        return "ocr: degraded inspection report and a phone photo of it to text and fields";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PageGenerator.Page page = PageGenerator.render(REPORT, PageGenerator.availableFonts().get(0), 11, 300);
        BufferedImage photo = PageGenerator.degrade(page.image(), PageGenerator.Degradation.COMBINED, 2024);
        Path input = ctx.outDir().resolve("ocr-inspection-report.png");
        ImageIO.write(photo, "png", input.toFile());
        ctx.out().println("rendered a degraded inspection report (skew, shadow, blur, noise, dark edges, 180 DPI): " + input);

        try (OcrEngine engine = OcrEngine.builder().languages("rus+ukr+eng").build()) {
            ctx.out().println("engine: Tesseract " + OcrEngine.tesseractVersion() + ", " + engine);
            OcrDocument plain = engine.recognize(input, Preprocessing.none());
            OcrDocument doc = engine.recognize(input);
            DomainDictionary.Result corrected = DomainDictionary.of(JARGON).correct(doc);
            doc = corrected.document();

            ctx.out().println("preprocessing: " + doc.pages().get(0).preprocessing());
            ctx.out().println("--- recognised text ---");
            ctx.out().println(doc.text());
            ctx.out().println("-----------------------");
            double cer = CharacterErrorRate.of(page.groundTruth(), doc.text());
            double cerPlain = CharacterErrorRate.of(page.groundTruth(), plain.text());
            ctx.out().printf("character error rate: %.3f with preprocessing, %.3f without (plain Tesseract)%n", cer, cerPlain);
            corrected.corrections().forEach(c -> ctx.out().println("dictionary correction: " + c.original() + " -> " + c.corrected()));

            List<ExtractedField> fields = FieldExtractor.extract(doc);
            ctx.out().println("extracted fields:");
            ctx.out().println(OcrWriter.fieldsJson(fields));

            Path json = ctx.outDir().resolve("ocr-inspection-report.json");
            Files.writeString(json, OcrWriter.json(doc, fields, corrected.corrections()));
            Path pdf = ctx.outDir().resolve("ocr-inspection-report.pdf");
            Files.write(pdf, OcrWriter.toBytes(doc, OcrFormat.PDF));
            ctx.out().println("wrote " + json + " and a searchable " + pdf);

            boolean volume = fields.stream().anyMatch(f -> f.key().equals("объем_топлива")
                    && f.number().filter(n -> n == 12450.0).isPresent() && f.unitCode().filter("L"::equals).isPresent());
            if (!volume) {
                throw new IllegalStateException("the fuel volume field was not extracted as 12450 L");
            }
            if (cer > 0.1) {
                throw new IllegalStateException("character error rate " + cer + " is too high");
            }
            photo(ctx, engine, page);
        }
    }

    /**
     * The same report photographed with a phone: on a desk, at an angle, curled, in dark warm light, noisy, blurred,
     * JPEG at quality 30-45 and downscaled. The engine finds the page, rectifies and dewarps it, then reads it.
     */
    private static void photo(DemoContext ctx, OcrEngine engine, PageGenerator.Page page) throws Exception {
        PhotoGenerator.Photo shot = PhotoGenerator.photo(page.image(), PhotoGenerator.Kind.PHONE, 2025);
        Path input = ctx.outDir().resolve("ocr-inspection-photo." + shot.ext());
        Files.write(input, shot.bytes());
        ctx.out().println("photographed the report with a (simulated) phone: " + input);
        OcrDocument doc = DomainDictionary.of(JARGON).correct(engine.recognize(input)).document();
        ctx.out().println("photo preprocessing: " + doc.pages().get(0).preprocessing().applied() + ", "
                + doc.pages().get(0).preprocessing().notes());
        double cer = CharacterErrorRate.of(page.groundTruth(), doc.text());
        double plain = CharacterErrorRate.of(page.groundTruth(), engine.recognize(input, Preprocessing.none()).text());
        ctx.out().printf("photo character error rate: %.3f with the photo pipeline, %.3f without preprocessing%n", cer, plain);
        List<ExtractedField> fields = FieldExtractor.extract(doc);
        ctx.out().println("fields from the photo: " + fields.stream().map(f -> f.key() + "=" + f.value()).toList());
        Path pdf = ctx.outDir().resolve("ocr-inspection-photo.pdf");
        Files.write(pdf, OcrWriter.toBytes(doc, OcrFormat.PDF));
        ctx.out().println("wrote a searchable " + pdf + " of the rectified photo");
        if (!doc.pages().get(0).preprocessing().photo() || cer > 0.1) {
            throw new IllegalStateException("the photo was not handled as a photo or read badly (CER " + cer + ")");
        }
    }
}
