package dev.trae.ocr.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A "Label: value" field found in recognised text, such as {@code Объем топлива: 12 450 литров}, with the
 * value parsed where possible: a number and its unit, or a date. Immutable.
 */
public final class ExtractedField {
    private final String label;
    private final String key;
    private final String value;
    private final Double number;
    private final String unit;
    private final String unitCode;
    private final LocalDate date;
    private final int page;
    private final int line;
    private final float confidence;

    public ExtractedField(String label, String key, String value, Double number, String unit, String unitCode,
                          LocalDate date, int page, int line, float confidence) {
        this.label = Objects.requireNonNull(label, "label");
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
        this.number = number;
        this.unit = unit;
        this.unitCode = unitCode;
        this.date = date;
        this.page = page;
        this.line = line;
        this.confidence = confidence;
    }

    /** The label as written, such as "Объем топлива". */
    public String label() {
        return label;
    }

    /** The label normalised to a key: lower case, words joined by '_', such as "объем_топлива". */
    public String key() {
        return key;
    }

    /** The raw value text, such as "12 450 литров". */
    public String value() {
        return value;
    }

    /** The number at the start of the value (thousands separated by spaces, decimal comma or point). */
    public Optional<Double> number() {
        return Optional.ofNullable(number);
    }

    /** The unit after the number as written, such as "литров". */
    public Optional<String> unit() {
        return Optional.ofNullable(unit);
    }

    /** The unit normalised, such as "L", "kg", "°C", "%", "m3", when known. */
    public Optional<String> unitCode() {
        return Optional.ofNullable(unitCode);
    }

    /** The date when the value starts with one (dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy). */
    public Optional<LocalDate> date() {
        return Optional.ofNullable(date);
    }

    /** 1-based page number. */
    public int page() {
        return page;
    }

    /** 0-based line index within the page. */
    public int line() {
        return line;
    }

    /** The line's mean OCR confidence. */
    public float confidence() {
        return confidence;
    }

    @Override
    public String toString() {
        return "ExtractedField[" + key + "=" + value + "]";
    }
}
