package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.model.PixelBox;
import dev.trae.ocr.model.OcrBlock;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrLine;
import dev.trae.ocr.model.OcrPage;
import dev.trae.ocr.model.OcrWord;
import dev.trae.ocr.model.PageSource;
import dev.trae.ocr.model.PreprocessReport;

class DomainDictionaryTest {
    static final DomainDictionary DICT = DomainDictionary.of(List.of(
            "# fuel-station jargon", "автоцистерна", "рекуперации", "резервуар", "нефтепродуктов", "ТРК", "метрошток", "dispenser"));

    @Test
    void correctWord_whenOneLetterWrong_thenCorrectedWithPunctuationAndCase() {
        assertThat(DICT.correctWord("автоцнстерна,")).isEqualTo("автоцистерна,");
        assertThat(DICT.correctWord("Метрошгок")).isEqualTo("Метрошток");
        assertThat(DICT.correctWord("dlspenser.")).isEqualTo("dispenser.");
    }

    @Test
    void correctWord_whenMixedLatinAndCyrillicLetters_thenNormalised() {
        // "pезервуар" with a Latin p, as OCR with rus+eng produces
        assertThat(DICT.correctWord("pезервуар")).isEqualTo("резервуар");
    }

    @Test
    void correctWord_whenInflectionOrShortOrKnown_thenLeftAlone() {
        assertThat(DICT.correctWord("резервуара")).isNull(); // genitive, a real word
        assertThat(DICT.correctWord("резервуар")).isNull();
        assertThat(DICT.correctWord("ТРК")).isNull();
        assertThat(DICT.correctWord("бак")).isNull();
        assertThat(DICT.correctWord("12450")).isNull();
        assertThat(DICT.correctWord("...")).isNull();
        assertThat(DICT.correctWord("совсемдругое")).isNull();
    }

    @Test
    void correct_whenDocument_thenCorrectionsReportedWithPosition() {
        OcrWord w1 = new OcrWord("Система", new PixelBox(0, 0, 10, 10), 90);
        OcrWord w2 = new OcrWord("рекупсрации", new PixelBox(12, 0, 10, 10), 60);
        OcrPage page = new OcrPage(1, 100, 100, 300, PageSource.OCR,
                List.of(OcrBlock.of(List.of(OcrLine.of(List.of(w1)), OcrLine.of(List.of(w2))))), PreprocessReport.none());
        DomainDictionary.Result r = DICT.correct(new OcrDocument("x", List.of(page), List.of()));
        assertThat(r.document().text()).isEqualTo("Система\nрекуперации");
        assertThat(r.corrections()).singleElement().satisfies(c -> {
            assertThat(c.original()).isEqualTo("рекупсрации");
            assertThat(c.corrected()).isEqualTo("рекуперации");
            assertThat(c.line()).isEqualTo(1);
            assertThat(c.distance()).isEqualTo(1);
        });
    }

    @Test
    void load_whenFileAndBadEntries_thenLoadedOrRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("terms.txt");
        Files.writeString(f, "# comment\nавтоцистерна\n\nрезервуар\n");
        assertThat(DomainDictionary.load(f).size()).isEqualTo(2);
        assertThatThrownBy(() -> DomainDictionary.load(dir.resolve("missing.txt"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DomainDictionary.of(List.of("two words"))).isInstanceOf(TraeValidationException.class);
    }
}
