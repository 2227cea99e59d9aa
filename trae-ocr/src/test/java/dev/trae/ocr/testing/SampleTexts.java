package dev.trae.ocr.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Sentences in Russian, Ukrainian and English (fuel-station inspection reports and incident forms, plus
 * general prose) for rendering evaluation pages with a known ground truth. Test support: used by this
 * module's tests, the OCR benchmark and the demo; not part of the OCR API.
 */
public final class SampleTexts {

    /** A language of the sample corpus with its Tesseract code. */
    public enum Language {
        RUSSIAN("rus"), UKRAINIAN("ukr"), ENGLISH("eng");

        private final String code;

        Language(String code) {
            this.code = code;
        }

        /** The Tesseract language code. */
        public String code() {
            return code;
        }
    }

    private static final List<String> RUS = List.of(
            "Акт проверки автозаправочной станции № 17",
            "Дата проверки: 14.03.2024, начало в 09:30",
            "Объем топлива в резервуаре: 12 450 литров",
            "Температура топлива: 8 градусов",
            "Колонка номер 3 работает с перебоями.",
            "Обнаружена протечка у раздаточного крана.",
            "Пожарный щит укомплектован не полностью.",
            "Огнетушитель ОП-5 просрочен на два месяца.",
            "Оператор провел пробный отпуск топлива.",
            "Погрешность счетчика составила 0,3 процента.",
            "Заземление автоцистерны проверено перед сливом.",
            "Журнал приема нефтепродуктов заполнен верно.",
            "Резервуар номер 2 требует зачистки от осадка.",
            "Вентиляция в помещении операторной исправна.",
            "Сотрудники прошли инструктаж по охране труда.",
            "Давление в системе рекуперации паров в норме.",
            "Замечания устранить до конца текущей недели.",
            "Ответственный за объект: старший оператор Петров.",
            "Плотность бензина при 15 градусах: 745 кг на куб.",
            "На территории обнаружены следы разлива масла.",
            "Камеры видеонаблюдения записывают без пропусков.",
            "Подпись инспектора и печать организации.");

    private static final List<String> UKR = List.of(
            "Акт перевірки автозаправної станції № 42",
            "Дата перевірки: 21.05.2024, початок о 10:15",
            "Об'єм пального у резервуарі: 8 300 літрів",
            "Паливороздавальна колонка номер 1 справна.",
            "Виявлено витік біля зливного пристрою.",
            "Вогнегасник потребує перезарядження.",
            "Працівники пройшли навчання з охорони праці.",
            "Лічильник колонки показує похибку 0,2 відсотка.",
            "Резервуар номер 4 потрібно очистити від осаду.",
            "Заземлення автоцистерни перевірено перед зливом.",
            "Журнал обліку нафтопродуктів ведеться щодня.",
            "На майданчику знайдено сліди розливу оливи.",
            "Освітлення території відповідає вимогам.",
            "Пожежний щит укомплектований не повністю.",
            "Зауваження усунути до кінця наступного тижня.",
            "Відповідальний за об'єкт: старший оператор Коваленко.",
            "Температура пального становить 11 градусів.",
            "Система відеоспостереження працює безперебійно.",
            "Касовий апарат опломбовано належним чином.",
            "Підпис інспектора та печатка організації.");

    private static final List<String> ENG = List.of(
            "Fuel station inspection report No. 305",
            "Inspection date: 2024-06-11, started at 08:45",
            "Fuel volume in tank 2: 15 200 liters",
            "Dispenser number 5 shows a small leak at the nozzle.",
            "The fire extinguisher was last serviced in March.",
            "Grounding of the tanker truck was checked before unloading.",
            "Vapour recovery pressure is within the normal range.",
            "The operator log is complete and signed.",
            "Meter error measured at 0.4 percent during the test.",
            "Tank 3 requires sludge removal within two weeks.",
            "Oil spill traces were found near the car wash.",
            "Emergency shutdown button tested and working.",
            "Staff completed the annual safety training.",
            "Lighting of the forecourt meets the requirements.",
            "Corrective actions are due by the end of the month.",
            "Responsible person: shift supervisor John Miller.",
            "Density of diesel at 15 degrees: 832 kg per cubic metre.",
            "Video surveillance records continuously without gaps.",
            "The quick brown fox jumps over the lazy dog.",
            "Signature of the inspector and company stamp.");

    private SampleTexts() {
    }

    /** Every sentence of a language. */
    public static List<String> sentences(Language language) {
        switch (language) {
            case RUSSIAN:
                return RUS;
            case UKRAINIAN:
                return UKR;
            default:
                return ENG;
        }
    }

    /** {@code count} distinct lines of a language, picked deterministically from {@code seed}. */
    public static List<String> lines(Language language, int count, long seed) {
        List<String> pool = new ArrayList<>(sentences(language));
        java.util.Collections.shuffle(pool, new Random(seed));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pool.get(i % pool.size()));
        }
        return out;
    }

    /** Parses a language name or code ({@code rus}, {@code ukrainian}, ...). */
    public static Language language(String nameOrCode) {
        String s = nameOrCode.toLowerCase(Locale.ROOT);
        for (Language l : Language.values()) {
            if (l.code.equals(s) || l.name().toLowerCase(Locale.ROOT).equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown sample language " + nameOrCode);
    }
}
