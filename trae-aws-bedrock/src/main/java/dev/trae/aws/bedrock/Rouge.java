package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L between a generated text and one or more references (Lin, 2004): unigram
 * and bigram overlap, and the longest common subsequence, each as precision, recall and F1. Tokens are
 * lower-cased runs of letters and digits (any script). With several references the best F1 wins.
 *
 * <pre>{@code
 * Rouge.Scores s = Rouge.score("the pump was repaired", List.of("the pump has been repaired"));
 * double f = s.rougeL().f1();
 * }</pre>
 */
public final class Rouge {
    /**
     * One ROUGE measure.
     *
     * @param precision overlap / candidate length
     * @param recall    overlap / reference length
     * @param f1        their harmonic mean
     */
    public record Score(double precision, double recall, double f1) {
        static Score of(double overlap, double candidate, double reference) {
            double p = candidate == 0 ? 0 : overlap / candidate;
            double r = reference == 0 ? 0 : overlap / reference;
            return new Score(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
        }
    }

    /** ROUGE-1, ROUGE-2 and ROUGE-L of one candidate. */
    public record Scores(Score rouge1, Score rouge2, Score rougeL) {
    }

    private Rouge() {
    }

    public static Scores score(String candidate, List<String> references) {
        Objects.requireNonNull(candidate, "candidate");
        if (references == null || references.isEmpty()) {
            throw new dev.trae.aws.core.TraeValidationException("references", "at least one reference is required");
        }
        List<String> c = tokens(candidate);
        Score best1 = null;
        Score best2 = null;
        Score bestL = null;
        for (String ref : references) {
            List<String> r = tokens(Objects.requireNonNull(ref, "reference"));
            Score s1 = ngram(c, r, 1);
            Score s2 = ngram(c, r, 2);
            Score sl = Score.of(lcs(c, r), c.size(), r.size());
            best1 = best1 == null || s1.f1() > best1.f1() ? s1 : best1;
            best2 = best2 == null || s2.f1() > best2.f1() ? s2 : best2;
            bestL = bestL == null || sl.f1() > bestL.f1() ? sl : bestL;
        }
        return new Scores(best1, best2, bestL);
    }

    public static Scores score(String candidate, String reference) {
        return score(candidate, List.of(reference));
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static Score ngram(List<String> c, List<String> r, int n) {
        Map<String, Integer> rc = counts(r, n);
        Map<String, Integer> cc = counts(c, n);
        int overlap = 0;
        for (Map.Entry<String, Integer> e : cc.entrySet()) {
            overlap += Math.min(e.getValue(), rc.getOrDefault(e.getKey(), 0));
        }
        return Score.of(overlap, Math.max(0, c.size() - n + 1), Math.max(0, r.size() - n + 1));
    }

    private static Map<String, Integer> counts(List<String> t, int n) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= t.size(); i++) {
            m.merge(String.join("\u0000", t.subList(i, i + n)), 1, Integer::sum);
        }
        return m;
    }

    private static int lcs(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
