package dev.trae.ocr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrLine;
import dev.trae.ocr.model.OcrPage;

/**
 * Pulls "Label: value" fields out of recognised text, parsing numbers with units and dates, so that search
 * and the assistant get structured data: {@code Объем топлива: 12 450 литров} becomes key
 * {@code объем_топлива}, number 12450, unit "литров", unit code "L". Thread-safe (stateless).
 *
 * <pre>{@code
 * List<ExtractedField> fields = FieldExtractor.extract(engine.recognize(Path.of("act.png")));
 * String json = OcrWriter.fieldsJson(fields);
 * }</pre>
 */
public final class FieldExtractor {
    // the label: starts with a letter, up to 60 characters; the colon must not sit between two digits (a time)
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*(\\p{L}[\\p{L}\\p{M}\\p{N} .,/()№#'’ʼ-]{0,60}?)\\s*[:：]\\s*(\\S.*)$");
    private static final Pattern NUMBER = Pattern.compile(
            "^([-+]?\\d{1,3}(?:[ \\u00A0\\u202F]\\d{3})+(?:[.,]\\d+)?|[-+]?\\d+(?:[.,]\\d+)?)(?![.,:/-]?\\d)\\s*(.*)$");
    private static final Pattern DATE_DMY = Pattern.compile("^(\\d{1,2})[./](\\d{1,2})[./](\\d{4})\\b.*");
    private static final Pattern DATE_ISO = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})\\b.*");
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("л", "L"), Map.entry("l", "L"), Map.entry("литр", "L"), Map.entry("літр", "L"),
            Map.entry("liter", "L"), Map.entry("litre", "L"),
            Map.entry("кг", "kg"), Map.entry("kg", "kg"), Map.entry("килограмм", "kg"), Map.entry("кілограм", "kg"),
            Map.entry("т", "t"), Map.entry("тонн", "t"), Map.entry("tonne", "t"),
            Map.entry("°c", "°C"), Map.entry("°", "°C"), Map.entry("градус", "°C"), Map.entry("degree", "°C"),
            Map.entry("%", "%"), Map.entry("процент", "%"), Map.entry("відсот", "%"), Map.entry("percent", "%"),
            Map.entry("м3", "m3"), Map.entry("м³", "m3"), Map.entry("m3", "m3"), Map.entry("куб", "m3"),
            Map.entry("cubic", "m3"), Map.entry("бар", "bar"), Map.entry("bar", "bar"), Map.entry("кпа", "kPa"),
            Map.entry("kpa", "kPa"), Map.entry("руб", "RUB"), Map.entry("грн", "UAH"), Map.entry("usd", "USD"),
            Map.entry("шт", "pcs"), Map.entry("pcs", "pcs"), Map.entry("мм", "mm"), Map.entry("mm", "mm"),
            Map.entry("см", "cm"), Map.entry("cm", "cm"));

    private FieldExtractor() {
    }

    /** Every field in the document, page by page, line by line. */
    public static List<ExtractedField> extract(OcrDocument document) {
        Objects.requireNonNull(document, "document");
        List<ExtractedField> out = new ArrayList<>();
        for (OcrPage p : document.pages()) {
            List<OcrLine> lines = p.lines();
            for (int i = 0; i < lines.size(); i++) {
                parse(lines.get(i).text(), p.number(), i, lines.get(i).confidence()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Every field in plain text (one candidate per line). */
    public static List<ExtractedField> extract(String text) {
        List<ExtractedField> out = new ArrayList<>();
        String[] lines = Objects.requireNonNull(text, "text").split("\\R");
        for (int i = 0; i < lines.length; i++) {
            parse(lines[i], 1, i, 100f).ifPresent(out::add);
        }
        return out;
    }

    /** Parses one line as a field, if it is one. */
    public static java.util.Optional<ExtractedField> parse(String line, int page, int lineIndex, float confidence) {
        Matcher m = FIELD.matcher(line);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        String label = m.group(1).strip();
        String value = m.group(2).strip();
        if (label.isEmpty() || Character.isDigit(label.charAt(label.length() - 1)) && Character.isDigit(value.charAt(0))) {
            return java.util.Optional.empty();
        }
        Double number = null;
        String unit = null;
        String unitCode = null;
        LocalDate date = parseDate(value);
        if (date == null) {
            Matcher n = NUMBER.matcher(value);
            if (n.matches()) {
                String digits = n.group(1).replaceAll("[ \\u00A0\\u202F]", "").replace(',', '.');
                try {
                    number = Double.parseDouble(digits);
                } catch (NumberFormatException ignored) {
                    number = null;
                }
                String rest = n.group(2).strip();
                if (!rest.isEmpty() && rest.length() <= 30) {
                    String u = rest.replaceAll("[.,;]+$", "");
                    if (!u.isEmpty() && u.split("\\s+").length <= 3) {
                        unit = u;
                        unitCode = unitCode(u);
                    }
                }
            }
        }
        return java.util.Optional.of(new ExtractedField(label, key(label), value, number, unit, unitCode, date, page, lineIndex, confidence));
    }

    private static LocalDate parseDate(String value) {
        try {
            Matcher d = DATE_DMY.matcher(value);
            if (d.matches()) {
                return LocalDate.of(Integer.parseInt(d.group(3)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(1)));
            }
            Matcher i = DATE_ISO.matcher(value);
            if (i.matches()) {
                return LocalDate.of(Integer.parseInt(i.group(1)), Integer.parseInt(i.group(2)), Integer.parseInt(i.group(3)));
            }
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The normalised unit for a unit as written ("литров" -> "L"), or null. */
    static String unitCode(String unit) {
        String u = unit.toLowerCase(Locale.ROOT).strip();
        String first = u.split("\\s+")[0].replaceAll("[.]$", "");
        if (UNITS.containsKey(first)) {
            return UNITS.get(first);
        }
        String best = null;
        for (Map.Entry<String, String> e : UNITS.entrySet()) {
            if (e.getKey().length() >= 3 && first.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
                best = e.getKey();
            }
        }
        return best == null ? null : UNITS.get(best);
    }

    /** "Объем топлива" -> "объем_топлива". */
    static String key(String label) {
        String k = label.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_");
        return k.replaceAll("^_+|_+$", "");
    }
}
