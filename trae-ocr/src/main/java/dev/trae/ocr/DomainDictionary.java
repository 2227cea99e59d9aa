package dev.trae.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.model.Correction;
import dev.trae.ocr.model.OcrBlock;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrLine;
import dev.trae.ocr.model.OcrPage;
import dev.trae.ocr.model.OcrWord;

/**
 * A user-supplied dictionary of domain terms (fuel-station jargon such as "автоцистерна", "ТРК",
 * "рекуперация") used to correct near-miss words after OCR. A word is corrected when it is not a term itself,
 * exactly one term is within a small edit distance (1 for words up to 6 letters, 2 above; Latin and Cyrillic
 * look-alike letters count as equal), and the difference is not just a word ending (so the inflected forms
 * of Russian and Ukrainian words are left alone). Every change is reported. Immutable and thread-safe.
 *
 * <pre>{@code
 * DomainDictionary dict = DomainDictionary.load(Path.of("fuel-station-terms.txt"));
 * DomainDictionary.Result r = dict.correct(engine.recognize(Path.of("act.png")));
 * r.corrections().forEach(c -> System.out.println(c.original() + " -> " + c.corrected()));
 * }</pre>
 */
public final class DomainDictionary {
    private static final Pattern TOKEN = Pattern.compile("^([^\\p{L}\\p{N}]*)([\\p{L}\\p{N}][\\p{L}\\p{N}'’ʼ-]*[\\p{L}\\p{N}]|[\\p{L}\\p{N}])([^\\p{L}\\p{N}]*)$");
    private static final String LATIN = "aceopxyKMHTBkmtbA";
    private static final String CYRIL = "асеорхуКМНТВкмтьА";

    private final Map<String, String> terms; // skeleton -> term

    /** The corrected document and the corrections made. */
    public record Result(OcrDocument document, List<Correction> corrections) {
        public Result {
            Objects.requireNonNull(document, "document");
            corrections = List.copyOf(corrections);
        }
    }

    private DomainDictionary(Collection<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : words) {
            if (w == null) {
                continue;
            }
            String t = w.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.length() > 64 || t.contains(" ")) {
                throw new TraeValidationException("dictionary", "terms must be single words of at most 64 characters: '"
                        + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'");
            }
            m.put(skeleton(t), t);
        }
        this.terms = Map.copyOf(m);
    }

    /** A dictionary of these terms (blank entries and {@code #} comments are skipped). */
    public static DomainDictionary of(Collection<String> terms) {
        return new DomainDictionary(Objects.requireNonNull(terms, "terms"));
    }

    /** Loads one term per line (UTF-8; {@code #} starts a comment line). */
    public static DomainDictionary load(Path file) {
        try {
            return of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TraeValidationException("dictionary", "no such file: " + file);
        } catch (IOException e) {
            throw new TraeClientException("could not read dictionary " + file + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return terms.size();
    }

    /** Whether the word is a term (case-insensitive, homoglyph-insensitive). */
    public boolean contains(String word) {
        return terms.containsKey(skeleton(word));
    }

    /** Corrects every word of the document. */
    public Result correct(OcrDocument document) {
        List<Correction> corrections = new ArrayList<>();
        List<OcrPage> pages = new ArrayList<>();
        for (OcrPage p : document.pages()) {
            List<OcrBlock> blocks = new ArrayList<>();
            int lineIndex = 0;
            for (OcrBlock b : p.blocks()) {
                List<OcrLine> lines = new ArrayList<>();
                for (OcrLine l : b.lines()) {
                    List<OcrWord> words = new ArrayList<>();
                    boolean changed = false;
                    for (OcrWord w : l.words()) {
                        String fixed = correctWord(w.text());
                        if (fixed != null) {
                            corrections.add(new Correction(p.number(), lineIndex, w.text(), fixed,
                                    distance(skeleton(w.text()), skeleton(fixed))));
                            words.add(w.withText(fixed));
                            changed = true;
                        } else {
                            words.add(w);
                        }
                    }
                    lines.add(changed ? new OcrLine(words, l.box(), l.confidence()) : l);
                    lineIndex++;
                }
                blocks.add(new OcrBlock(lines, b.box()));
            }
            pages.add(p.withBlocks(blocks));
        }
        return new Result(document.withPages(pages), corrections);
    }

    /** The corrected form of one word (with its punctuation and case), or null when it stays. */
    public String correctWord(String word) {
        Matcher m = TOKEN.matcher(word);
        if (!m.matches()) {
            return null;
        }
        String core = m.group(2);
        if (core.length() < 4 || core.chars().anyMatch(Character::isDigit)) {
            return null;
        }
        String sk = skeleton(core);
        String exact = terms.get(sk);
        if (exact != null) {
            // a term, possibly with mixed Latin/Cyrillic letters: normalise the letters only
            String fixed = applyCase(core, exact);
            return fixed.equals(core) ? null : m.group(1) + fixed + m.group(3);
        }
        int max = core.length() <= 6 ? 1 : 2;
        String best = null;
        int bestD = Integer.MAX_VALUE;
        boolean tie = false;
        for (Map.Entry<String, String> e : terms.entrySet()) {
            String t = e.getKey();
            if (Math.abs(t.length() - sk.length()) > max) {
                continue;
            }
            int d = distance(sk, t);
            if (d < bestD) {
                bestD = d;
                best = e.getValue();
                tie = false;
            } else if (d == bestD) {
                tie = true;
            }
        }
        if (best == null || bestD > max || tie || onlyEndingDiffers(sk, skeleton(best))) {
            return null;
        }
        return m.group(1) + applyCase(core, best) + m.group(3);
    }

    /** True when the words share everything but the last two letters: an inflection, not an OCR error. */
    private static boolean onlyEndingDiffers(String a, String b) {
        int common = 0;
        while (common < a.length() && common < b.length() && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= Math.max(a.length(), b.length()) - 2 && common >= 4;
    }

    private static String applyCase(String original, String term) {
        boolean allUpper = original.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
        if (allUpper && original.length() > 1) {
            return term.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(original.charAt(0))) {
            return Character.toUpperCase(term.charAt(0)) + term.substring(1);
        }
        return term;
    }

    /** Lower case with Latin look-alike letters mapped to Cyrillic. */
    static String skeleton(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            int i = LATIN.indexOf(c);
            char d = i >= 0 ? CYRIL.charAt(i) : c;
            sb.append(Character.toLowerCase(d));
        }
        return sb.toString().replace('ё', 'е').replace('’', '\'').replace('ʼ', '\'');
    }

    /** Damerau-Levenshtein (optimal string alignment) distance. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
