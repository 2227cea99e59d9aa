package dev.trae.testkit.aws.lex;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fake's natural-language understanding: intents are recognised from the sample utterances of a built
 * locale, slots from the values and synonyms of their slot types (and a few built-in types). Deterministic
 * and simple on purpose: an utterance that matches a sample utterance with its slots scores 1.0; otherwise
 * the score is word overlap with the best sample utterance (stop words ignored), capped at 0.95.
 */
final class LexNlu {
    private static final Pattern SLOT_REF = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> STOP = Set.of("a", "an", "the", "i", "to", "please", "of", "some", "me", "my", "for",
            "is", "it", "would", "like", "want", "can", "you", "and", "in", "on", "at", "with", "do", "be", "need", "we", "what", "are",
            "your", "how", "there", "this", "that", "so", "just", "now");
    private static final Map<String, Integer> NUMBER_WORDS = new LinkedHashMap<>();

    static {
        String[] small = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
        for (int i = 0; i < small.length; i++) {
            NUMBER_WORDS.put(small[i], i);
        }
        NUMBER_WORDS.put("thirty", 30);
        NUMBER_WORDS.put("forty", 40);
        NUMBER_WORDS.put("fifty", 50);
        NUMBER_WORDS.put("sixty", 60);
        NUMBER_WORDS.put("seventy", 70);
        NUMBER_WORDS.put("eighty", 80);
        NUMBER_WORDS.put("ninety", 90);
        NUMBER_WORDS.put("hundred", 100);
    }

    /** A slot value found in text: where, what was said, what it resolves to. */
    record Found(int start, int end, String original, String interpreted, List<String> resolved) {
    }

    /** A compiled slot type. */
    static final class SlotType {
        final String id;
        final String name;
        final boolean topResolution;
        /** normalised phrase -> canonical value, longest phrases first. */
        final Map<String, String> phrases = new LinkedHashMap<>();

        SlotType(String id, ObjectNode def) {
            this.id = id;
            this.name = def.path("slotTypeName").asText();
            this.topResolution = "TopResolution".equals(def.path("valueSelectionSetting").path("resolutionStrategy").asText());
            Map<String, String> all = new LinkedHashMap<>();
            for (JsonNode v : def.path("slotTypeValues")) {
                String canonical = v.path("sampleValue").path("value").asText();
                all.put(normalise(canonical), canonical);
                for (JsonNode s : v.path("synonyms")) {
                    all.putIfAbsent(normalise(s.path("value").asText()), canonical);
                }
            }
            all.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> -e.getKey().length()))
                    .forEach(e -> phrases.put(e.getKey(), e.getValue()));
        }
    }

    /** A compiled slot. */
    record Slot(String id, String name, String typeId, SlotType custom, boolean required, String prompt, int maxRetries) {
    }

    /** A compiled intent. */
    static final class Intent {
        final String name;
        final List<String> utterances = new ArrayList<>();
        final List<Slot> slots = new ArrayList<>();
        final String confirmPrompt;
        final String declineMessage;
        final String closingMessage;
        final boolean fulfillmentHook;

        Intent(String name, List<String> utterances, List<Slot> slots, String confirmPrompt, String declineMessage,
               String closingMessage, boolean fulfillmentHook) {
            this.name = name;
            this.utterances.addAll(utterances);
            this.slots.addAll(slots);
            this.confirmPrompt = confirmPrompt;
            this.declineMessage = declineMessage;
            this.closingMessage = closingMessage;
            this.fulfillmentHook = fulfillmentHook;
        }

        Slot slot(String name) {
            return slots.stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
        }
    }

    /** A recognition candidate. */
    record Scored(Intent intent, double score, Map<String, Found> slots) {
    }

    final List<Intent> intents = new ArrayList<>();
    final double threshold;

    LexNlu(LexModelsFake.LocaleState l) {
        this.threshold = l.threshold();
        Map<String, SlotType> types = new LinkedHashMap<>();
        l.slotTypes.forEach((id, def) -> types.put(id, new SlotType(id, def)));
        for (LexModelsFake.IntentState i : l.intents.values()) {
            if ("FallbackIntent".equals(i.name())) {
                continue;
            }
            List<String> utts = new ArrayList<>();
            i.def.path("sampleUtterances").forEach(u -> utts.add(u.path("utterance").asText()));
            Map<String, Integer> prio = new LinkedHashMap<>();
            i.def.path("slotPriorities").forEach(p -> prio.put(p.path("slotId").asText(), p.path("priority").asInt()));
            List<Slot> slots = new ArrayList<>();
            i.slots.forEach((id, s) -> {
                JsonNode ves = s.path("valueElicitationSetting");
                String type = s.path("slotTypeId").asText();
                slots.add(new Slot(id, s.path("slotName").asText(), type, types.get(type),
                        "Required".equals(ves.path("slotConstraint").asText()), firstMessage(ves.path("promptSpecification")),
                        ves.path("promptSpecification").path("maxRetries").asInt(2)));
            });
            slots.sort(Comparator.comparingInt(s -> prio.getOrDefault(s.id(), Integer.MAX_VALUE)));
            JsonNode conf = i.def.path("intentConfirmationSetting");
            boolean confActive = conf.isObject() && conf.path("active").asBoolean(true) && conf.has("promptSpecification");
            JsonNode closing = i.def.path("intentClosingSetting");
            intents.add(new Intent(i.name(), utts, slots,
                    confActive ? firstMessage(conf.path("promptSpecification")) : null,
                    confActive ? firstMessage(conf.path("declinationResponse")) : null,
                    closing.path("active").asBoolean(true) ? firstMessage(closing.path("closingResponse")) : null,
                    i.def.path("fulfillmentCodeHook").path("enabled").asBoolean(false)));
        }
    }

    private static String firstMessage(JsonNode spec) {
        for (JsonNode g : spec.path("messageGroups")) {
            String v = g.path("message").path("plainTextMessage").path("value").asText(null);
            if (v != null) {
                return v;
            }
            v = g.path("message").path("ssmlMessage").path("value").asText(null);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    Intent intent(String name) {
        return intents.stream().filter(i -> i.name.equals(name)).findFirst().orElse(null);
    }

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}.:\\-@ ]", " ").replaceAll("[.:](?!\\d)", " ").replaceAll("(?<!\\d)[.:]", " ")
                .replaceAll("\\s+", " ").trim();
    }

    /** All candidates, best first (scores above zero only). */
    List<Scored> recognise(String text) {
        String t = normalise(text);
        List<Scored> out = new ArrayList<>();
        for (Intent i : intents) {
            Scored best = null;
            for (String u : i.utterances) {
                Scored s = score(i, u, t);
                if (s != null && (best == null || s.score > best.score)) {
                    best = s;
                }
            }
            if (best != null && best.score > 0) {
                out.add(best);
            }
        }
        out.sort(Comparator.comparingDouble((Scored s) -> -s.score));
        return out;
    }

    private Scored score(Intent intent, String utterance, String text) {
        // 1. exact: the sample utterance with its {Slot}s, each slot a value of its type
        List<String> order = new ArrayList<>();
        StringBuilder rx = new StringBuilder("^");
        Matcher m = SLOT_REF.matcher(utterance);
        int last = 0;
        while (m.find()) {
            rx.append(literal(utterance.substring(last, m.start())));
            rx.append("(.+?)");
            order.add(m.group(1));
            last = m.end();
        }
        rx.append(literal(utterance.substring(last))).append("$");
        String body = rx.substring(1).replace("\\s+\\s+", "\\s+");
        body = body.substring(0, body.length() - 1);
        Matcher em = Pattern.compile("^" + body + "$").matcher(text);
        if (em.matches()) {
            Map<String, Found> slots = slotsOf(intent, order, em);
            if (slots != null) {
                return new Scored(intent, 1.0, slots);
            }
        }
        // 1b. the sample utterance inside a longer input: high, but below an exact match
        Matcher pm = Pattern.compile("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])").matcher(text);
        while (pm.find()) {
            Map<String, Found> slots = slotsOf(intent, order, pm);
            if (slots != null && pm.end() > pm.start()) {
                double coverage = (double) (pm.end() - pm.start()) / Math.max(1, text.length());
                Map<String, Found> all = new LinkedHashMap<>(extract(intent, text, null));
                all.putAll(slots);
                return new Scored(intent, Math.round((0.8 + 0.15 * coverage) * 100) / 100.0, all);
            }
        }
        // 2. overlap of content words, plus credit for slot values present
        Map<String, Found> found = extract(intent, text, null);
        Set<String> used = new HashSet<>();
        found.values().forEach(f -> used.addAll(words(f.original)));
        Set<String> uw = new LinkedHashSet<>(words(SLOT_REF.matcher(normalise(utterance.replaceAll("\\{([^{}]*)}", " {$1} ")))
                .replaceAll(" ")));
        uw.removeIf(STOP::contains);
        uw.removeIf(w -> w.startsWith("{"));
        Set<String> tw = new LinkedHashSet<>(words(text));
        tw.removeIf(STOP::contains);
        tw.removeAll(used);
        if (uw.isEmpty() && tw.isEmpty()) {
            return null;
        }
        Set<String> common = new HashSet<>(uw);
        common.retainAll(tw);
        double dice = uw.isEmpty() && tw.isEmpty() ? 0 : 2.0 * common.size() / (uw.size() + tw.size());
        long refs = order.size();
        long present = order.stream().filter(found::containsKey).count();
        double score = refs == 0 ? 0.9 * dice : 0.8 * dice + 0.2 * ((double) present / refs) * (common.isEmpty() ? 0.5 : 1);
        score = Math.min(0.79, score);
        return new Scored(intent, Math.round(score * 100) / 100.0, found);
    }

    private Map<String, Found> slotsOf(Intent intent, List<String> order, Matcher m) {
        Map<String, Found> slots = new LinkedHashMap<>();
        for (int g = 0; g < order.size(); g++) {
            Slot s = intent.slot(order.get(g));
            String part = m.group(g + 1);
            Found f = s == null || part == null ? null : findWhole(s, part);
            if (f == null) {
                return null;
            }
            slots.put(s.name, f);
        }
        return slots;
    }

    private static String literal(String s) {
        String n = normalise(s);
        if (n.isEmpty()) {
            return s.isBlank() && !s.isEmpty() ? "\\s*" : "\\s*";
        }
        StringBuilder sb = new StringBuilder("\\s*");
        String[] ws = n.split(" ");
        for (int i = 0; i < ws.length; i++) {
            if (i > 0) {
                sb.append("\\s+");
            }
            sb.append(Pattern.quote(ws[i]));
        }
        return sb.append("\\s*").toString();
    }

    private static List<String> words(String s) {
        String n = normalise(s);
        return n.isEmpty() ? List.of() : List.of(n.split(" "));
    }

    /**
     * Finds values for the intent's slots in {@code text}, left to right, never using the same words twice.
     * {@code only} restricts the search to one slot.
     */
    Map<String, Found> extract(Intent intent, String text, String only) {
        String t = normalise(text);
        Map<String, Found> out = new LinkedHashMap<>();
        boolean[] taken = new boolean[t.length() + 1];
        for (Slot s : intent.slots) {
            if (only != null && !only.equals(s.name)) {
                continue;
            }
            for (Found f : findAll(s, t)) {
                boolean free = true;
                for (int k = f.start; k < f.end; k++) {
                    free &= !taken[k];
                }
                if (free) {
                    for (int k = f.start; k < f.end; k++) {
                        taken[k] = true;
                    }
                    out.put(s.name, f);
                    break;
                }
            }
        }
        return out;
    }

    /** The value of a slot when the whole (elicited) answer is about it. */
    Found fromAnswer(Slot s, String text) {
        String t = normalise(text);
        List<Found> all = findAll(s, t);
        if (!all.isEmpty()) {
            return all.get(0);
        }
        boolean free = s.custom == null ? !Set.of("AMAZON.Number", "AMAZON.Date", "AMAZON.Time", "AMAZON.Confirmation").contains(s.typeId)
                : !s.custom.topResolution;
        if (free && !t.isEmpty()) {
            String original = text.trim();
            return new Found(0, t.length(), original, original, List.of());
        }
        return null;
    }

    private Found findWhole(Slot s, String part) {
        String p = part.trim();
        for (Found f : findAll(s, p)) {
            if (f.start == 0 && f.end == p.length()) {
                return f;
            }
        }
        if (s.custom == null && !Set.of("AMAZON.Number", "AMAZON.Date", "AMAZON.Time", "AMAZON.Confirmation").contains(s.typeId)) {
            return new Found(0, p.length(), p, p, List.of());
        }
        return null;
    }

    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}.])-?\\d+(?:\\.\\d+)?(?![\\p{L}\\p{N}]|\\.\\d)");
    private static final Pattern DATE = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2}|today|tomorrow|yesterday)\\b");
    private static final Pattern TIME = Pattern.compile("\\b(\\d{1,2}:\\d{2}|noon|midnight)\\b");
    private static final Pattern CONFIRM = Pattern.compile("\\b(yes|yeah|yep|sure|ok|okay|correct|confirm|no|nope|cancel)\\b");
    private static final Pattern ALNUM = Pattern.compile("\\b[a-z0-9-]*\\d[a-z0-9-]*\\b");

    /** Every value of the slot's type in normalised text {@code t}, in order of position. */
    List<Found> findAll(Slot s, String t) {
        List<Found> out = new ArrayList<>();
        if (s.custom != null) {
            for (Map.Entry<String, String> e : s.custom.phrases.entrySet()) {
                Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(e.getKey()) + "(?![\\p{L}\\p{N}])").matcher(t);
                while (m.find()) {
                    String original = t.substring(m.start(), m.end());
                    String interpreted = s.custom.topResolution || normalise(e.getValue()).equals(original) ? e.getValue() : original;
                    out.add(new Found(m.start(), m.end(), original, interpreted, List.of(e.getValue())));
                }
            }
        } else {
            switch (s.typeId) {
                case "AMAZON.Number" -> {
                    Matcher m = NUMBER.matcher(t);
                    while (m.find()) {
                        out.add(new Found(m.start(), m.end(), m.group(), m.group(), List.of(m.group())));
                    }
                    for (Map.Entry<String, Integer> e : NUMBER_WORDS.entrySet()) {
                        Matcher w = Pattern.compile("\\b" + e.getKey() + "\\b").matcher(t);
                        while (w.find()) {
                            String v = e.getValue().toString();
                            out.add(new Found(w.start(), w.end(), w.group(), v, List.of(v)));
                        }
                    }
                }
                case "AMAZON.Date" -> {
                    Matcher m = DATE.matcher(t);
                    while (m.find()) {
                        String v = switch (m.group(1)) {
                            case "today" -> LocalDate.now().toString();
                            case "tomorrow" -> LocalDate.now().plusDays(1).toString();
                            case "yesterday" -> LocalDate.now().minusDays(1).toString();
                            default -> m.group(1);
                        };
                        out.add(new Found(m.start(), m.end(), m.group(), v, List.of(v)));
                    }
                }
                case "AMAZON.Time" -> {
                    Matcher m = TIME.matcher(t);
                    while (m.find()) {
                        String v = switch (m.group(1)) {
                            case "noon" -> "12:00";
                            case "midnight" -> "00:00";
                            default -> m.group(1).length() == 4 ? "0" + m.group(1) : m.group(1);
                        };
                        out.add(new Found(m.start(), m.end(), m.group(), v, List.of(v)));
                    }
                }
                case "AMAZON.Confirmation" -> {
                    Matcher m = CONFIRM.matcher(t);
                    while (m.find()) {
                        String v = Set.of("no", "nope", "cancel").contains(m.group(1)) ? "No" : "Yes";
                        out.add(new Found(m.start(), m.end(), m.group(), v, List.of(v)));
                    }
                }
                case "AMAZON.AlphaNumeric" -> {
                    Matcher m = ALNUM.matcher(t);
                    while (m.find()) {
                        String v = m.group().toUpperCase(Locale.ROOT);
                        out.add(new Found(m.start(), m.end(), m.group(), v, List.of(v)));
                    }
                }
                default -> {
                    // other built-in types are only filled from an elicited answer
                }
            }
        }
        out.sort(Comparator.comparingInt(Found::start).thenComparingInt(f -> -(f.end - f.start)));
        return out;
    }

    /** yes, no or unknown (null) for a confirmation answer. */
    static Boolean yesNo(String text) {
        Matcher m = CONFIRM.matcher(normalise(text));
        if (!m.find()) {
            return null;
        }
        return !Set.of("no", "nope", "cancel").contains(m.group(1));
    }
}
