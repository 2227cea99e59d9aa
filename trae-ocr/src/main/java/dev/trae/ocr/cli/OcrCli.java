package dev.trae.ocr.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.trae.aws.core.TraeException;
import dev.trae.ocr.DomainDictionary;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.OcrFormat;
import dev.trae.ocr.OcrWriter;
import dev.trae.ocr.PageSegMode;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.Correction;
import dev.trae.ocr.model.OcrDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line: {@code java -jar trae-ocr-cli.jar [--lang rus+ukr+eng] [--format text|json|tsv|hocr|alto|csv|pdf]
 * [--no-preprocess] FILE...}. Prints the result to standard output (or {@code --output}); exits 1 when a
 * file failed, 2 on bad usage.
 */
@Command(name = "trae-ocr", mixinStandardHelpOptions = true, version = "trae-ocr 0.1.0",
        description = "OCR of scans and photos (PNG, JPEG, TIFF, BMP, PDF) with Tesseract and image preparation.")
public final class OcrCli implements Callable<Integer> {

    @Option(names = {"-l", "--lang"}, description = "Tesseract languages joined by '+' (default: ${DEFAULT-VALUE})")
    String lang = "rus+ukr+eng";

    @Option(names = {"-f", "--format"}, description = "text, json, tsv, hocr, alto, csv or pdf (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Option(names = "--no-preprocess", description = "send images to Tesseract as they are")
    boolean noPreprocess;

    @Option(names = "--psm", description = "page segmentation mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    PageSegMode psm = PageSegMode.AUTO;

    @Option(names = "--dict", description = "domain dictionary (one term per line) to correct near-miss words")
    Path dictionary;

    @Option(names = "--user-words", description = "file of domain words Tesseract should prefer")
    Path userWords;

    @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
    Path output;

    @Option(names = "--threads", description = "parallel Tesseract instances (default: number of cores)")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images or PDFs")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        OcrFormat f = OcrFormat.parse(format);
        if (f == OcrFormat.PDF && files.size() > 1) {
            System.err.println("--format pdf takes one input file");
            return 2;
        }
        OcrEngine.Builder b = OcrEngine.builder().languages(lang).pageSegMode(psm)
                .preprocessing(noPreprocess ? Preprocessing.none() : Preprocessing.defaults())
                .keepImages(f == OcrFormat.PDF);
        if (threads > 0) {
            b.poolSize(threads);
        }
        if (userWords != null) {
            b.userWords(Files.readAllLines(userWords, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList());
        }
        DomainDictionary dict;
        OcrEngine built;
        try {
            dict = dictionary == null ? null : DomainDictionary.load(dictionary);
            built = b.build();
        } catch (TraeException e) {
            System.err.println("trae-ocr: " + e.getMessage());
            return 2;
        }
        int failed = 0;
        try (OcrEngine engine = built;
             OutputStream raw = output == null ? System.out : Files.newOutputStream(output)) {
            PrintStream out = new PrintStream(raw, true, StandardCharsets.UTF_8);
            for (Path file : files) {
                try {
                    OcrDocument doc = engine.recognize(file);
                    List<Correction> corrections = List.of();
                    if (dict != null) {
                        DomainDictionary.Result r = dict.correct(doc);
                        doc = r.document();
                        corrections = r.corrections();
                    }
                    if (files.size() > 1 && f == OcrFormat.TEXT) {
                        out.println("==> " + file + " <==");
                    }
                    if (f == OcrFormat.JSON) {
                        out.println(OcrWriter.json(doc, FieldExtractor.extract(doc), corrections));
                    } else {
                        OcrWriter.write(doc, f, out);
                    }
                } catch (TraeException e) {
                    failed++;
                    System.err.println(file + ": " + e.getMessage());
                }
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new OcrCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
