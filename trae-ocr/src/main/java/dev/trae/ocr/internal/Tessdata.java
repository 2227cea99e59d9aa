package dev.trae.ocr.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;

/** Finds the tessdata directory and checks that languages are installed. */
public final class Tessdata {
    private static final List<String> CANDIDATES = List.of(
            "/usr/share/tesseract-ocr/5/tessdata",
            "/usr/share/tesseract-ocr/4.00/tessdata",
            "/usr/share/tessdata",
            "/usr/local/share/tessdata",
            "/usr/local/share/tesseract-ocr/tessdata",
            "/opt/homebrew/share/tessdata",
            "/opt/local/share/tessdata");

    private Tessdata() {
    }

    /**
     * The tessdata directory: the explicit one if given, else {@code $TESSDATA_PREFIX} (with or without the
     * trailing {@code tessdata}), else the usual install locations.
     */
    public static Path locate(Path explicit) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new TraeValidationException("tessdataPath", "not a directory: " + explicit);
            }
            return explicit;
        }
        List<Path> tried = new ArrayList<>();
        String env = System.getenv("TESSDATA_PREFIX");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            for (Path c : List.of(p, p.resolve("tessdata"))) {
                tried.add(c);
                if (hasTraineddata(c)) {
                    return c;
                }
            }
        }
        for (String c : CANDIDATES) {
            Path p = Path.of(c);
            tried.add(p);
            if (hasTraineddata(p)) {
                return p;
            }
        }
        throw new TraeClientException("no Tesseract language data found (looked in " + tried + "). Install it: "
                + "apt-get install tesseract-ocr tesseract-ocr-eng (plus tesseract-ocr-rus, tesseract-ocr-ukr, ...), "
                + "or set TESSDATA_PREFIX / OcrEngine.builder().tessdataPath(...)");
    }

    private static boolean hasTraineddata(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".traineddata"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Splits and validates {@code rus+ukr+eng}; every language must have its traineddata file. */
    public static List<String> checkLanguages(Path tessdata, String languages) {
        if (languages == null || languages.isBlank()) {
            throw new TraeValidationException("languages", "must name at least one language, such as eng or rus+ukr+eng");
        }
        List<String> out = new ArrayList<>();
        for (String l : languages.split("\\+")) {
            if (!l.matches("[A-Za-z][A-Za-z0-9_]{1,31}")) {
                throw new TraeValidationException("languages", "'" + abbreviate(l) + "' is not a Tesseract language code "
                        + "(letters, digits and '_', such as rus, ukr, eng, chi_sim)");
            }
            if (!Files.isRegularFile(tessdata.resolve(l + ".traineddata"))) {
                throw new TraeValidationException("languages", "language '" + l + "' is not installed in " + tessdata
                        + ": install the Debian package " + debianPackage(l) + " (apt-get install " + debianPackage(l) + ")");
            }
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The Debian package that ships a language: {@code tesseract-ocr-chi-sim} for {@code chi_sim}. */
    public static String debianPackage(String language) {
        return "tesseract-ocr-" + language.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The orientation model, when installed. */
    public static Optional<Path> osd(Path tessdata) {
        Path p = tessdata.resolve("osd.traineddata");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    static String abbreviate(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
