package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trae.ocr.model.ExtractedField;

class FieldExtractorTest {

    @Test
    void parse_whenVolumeWithThousandsSpace_thenNumberAndUnit() {
        ExtractedField f = FieldExtractor.parse("Объем топлива: 12 450 литров", 1, 0, 95f).orElseThrow();
        assertThat(f.label()).isEqualTo("Объем топлива");
        assertThat(f.key()).isEqualTo("объем_топлива");
        assertThat(f.number()).contains(12450.0);
        assertThat(f.unit()).contains("литров");
        assertThat(f.unitCode()).contains("L");
        assertThat(f.date()).isEmpty();
    }

    @Test
    void parse_whenDecimalCommaAndPercentWord_thenParsed() {
        ExtractedField f = FieldExtractor.parse("Погрешность счетчика: 0,3 процента", 1, 0, 90f).orElseThrow();
        assertThat(f.number()).contains(0.3);
        assertThat(f.unitCode()).contains("%");
        ExtractedField uk = FieldExtractor.parse("Об'єм пального у резервуарі: 8 300 літрів", 1, 0, 90f).orElseThrow();
        assertThat(uk.number()).contains(8300.0);
        assertThat(uk.unitCode()).contains("L");
    }

    @Test
    void parse_whenDates_thenDateNotNumber() {
        ExtractedField ru = FieldExtractor.parse("Дата проверки: 14.03.2024, начало в 09:30", 1, 0, 90f).orElseThrow();
        assertThat(ru.date()).contains(LocalDate.of(2024, 3, 14));
        assertThat(ru.number()).isEmpty();
        ExtractedField en = FieldExtractor.parse("Inspection date: 2024-06-11, started at 08:45", 1, 0, 90f).orElseThrow();
        assertThat(en.date()).contains(LocalDate.of(2024, 6, 11));
        assertThat(en.key()).isEqualTo("inspection_date");
    }

    @Test
    void parse_whenNotAField_thenEmpty() {
        assertThat(FieldExtractor.parse("Колонка номер 3 работает с перебоями.", 1, 0, 90f)).isEmpty();
        assertThat(FieldExtractor.parse("09:30", 1, 0, 90f)).isEmpty();
        assertThat(FieldExtractor.parse("started at 08:45", 1, 0, 90f)).isEmpty();
        assertThat(FieldExtractor.parse("", 1, 0, 90f)).isEmpty();
        assertThat(FieldExtractor.parse(":::", 1, 0, 90f)).isEmpty();
    }

    @Test
    void parse_whenNumberWithoutUnitOrTextValue_thenKeepsRawValue() {
        ExtractedField f = FieldExtractor.parse("Ответственный за объект: старший оператор Петров.", 1, 0, 90f).orElseThrow();
        assertThat(f.number()).isEmpty();
        assertThat(f.value()).isEqualTo("старший оператор Петров.");
        assertThat(FieldExtractor.parse("Tank: 3", 1, 0, 90f).orElseThrow().number()).contains(3.0);
    }

    @Test
    void extract_whenTextWithSeveralLines_thenOneFieldPerFieldLine() {
        List<ExtractedField> fields = FieldExtractor.extract("Акт № 17\nТемпература топлива: 8 градусов\nПлотность: 745 кг\n");
        assertThat(fields).extracting(ExtractedField::key).containsExactly("температура_топлива", "плотность");
        assertThat(fields.get(0).unitCode()).contains("°C");
        assertThat(fields.get(1).unitCode()).contains("kg");
        assertThat(fields.get(1).line()).isEqualTo(2);
    }

    @Test
    void parse_whenHugeLine_thenNoCatastrophicBacktracking() {
        String hostile = "a".repeat(50_000) + " : " + "1 ".repeat(20_000);
        long t0 = System.nanoTime();
        FieldExtractor.parse(hostile, 1, 0, 0f);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    }
}
