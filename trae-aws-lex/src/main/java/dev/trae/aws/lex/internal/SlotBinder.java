package dev.trae.aws.lex.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.SlotName;
import dev.trae.aws.lex.model.SlotValue;

/**
 * Binds slot values to a record's components. The record type is checked once, when a handler is
 * registered; values are converted per turn. Messages never contain slot values. Not API.
 *
 * @param <T> the record type
 */
public final class SlotBinder<T> {
    private static final Set<Class<?>> SIMPLE = Set.of(String.class, int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, BigDecimal.class, boolean.class, Boolean.class, LocalDate.class, LocalTime.class,
            SlotValue.class);

    private final Class<T> type;
    private final RecordComponent[] components;
    private final String[] slotNames;
    private final Constructor<T> constructor;

    private SlotBinder(Class<T> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.slotNames = new String[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            SlotName n = c.getAnnotation(SlotName.class);
            slotNames[i] = n != null ? n.value() : c.getName();
            types[i] = c.getType();
            Class<?> target = c.getType();
            if (target == Optional.class) {
                target = optionalArgument(c);
            }
            if (target == null || !(SIMPLE.contains(target) || target.isEnum())) {
                throw new TraeValidationException("slotsType", type.getSimpleName() + "." + c.getName() + " has unsupported type "
                        + c.getGenericType().getTypeName() + "; use String, int, long, double, BigDecimal, boolean, an enum, "
                        + "LocalDate, LocalTime, SlotValue, or Optional of one of them");
            }
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new TraeValidationException("slotsType", "cannot use the canonical constructor of " + type.getName() + ": " + e.getMessage());
        }
    }

    /** Checks {@code type} and returns its binder. */
    public static <T> SlotBinder<T> of(Class<T> type) {
        if (type == null || !type.isRecord()) {
            throw new TraeValidationException("slotsType", "must be a record class, was " + (type == null ? "null" : type.getName()));
        }
        return new SlotBinder<>(type);
    }

    private static Class<?> optionalArgument(RecordComponent c) {
        Type g = c.getGenericType();
        if (g instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> a) {
            return a;
        }
        return null;
    }

    /** A record instance from the turn's slots. */
    public T bind(Map<String, SlotValue> slots) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            SlotValue v = find(slots, slotNames[i]);
            boolean optional = c.getType() == Optional.class;
            Class<?> target = optional ? optionalArgument(c) : c.getType();
            if (v == null) {
                if (optional) {
                    args[i] = Optional.empty();
                    continue;
                }
                if (target.isPrimitive()) {
                    throw new TraeValidationException(slotNames[i], "slot has no value but " + type.getSimpleName() + "." + c.getName()
                            + " is a primitive; make it Optional or make the slot required in the bot");
                }
                args[i] = null;
                continue;
            }
            Object converted = convert(v, target, actualName(slots, slotNames[i]));
            args[i] = optional ? Optional.of(converted) : converted;
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static String actualName(Map<String, SlotValue> slots, String name) {
        return slots.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private static SlotValue find(Map<String, SlotValue> slots, String name) {
        SlotValue v = slots.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, SlotValue> e : slots.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(SlotValue v, Class<?> target, String slot) {
        String s = v.interpreted().trim();
        try {
            if (target == SlotValue.class) {
                return v;
            }
            if (target == String.class) {
                return v.interpreted();
            }
            if (target == int.class || target == Integer.class) {
                return new BigDecimal(s).intValueExact();
            }
            if (target == long.class || target == Long.class) {
                return new BigDecimal(s).longValueExact();
            }
            if (target == double.class || target == Double.class) {
                return Double.parseDouble(s);
            }
            if (target == BigDecimal.class) {
                return new BigDecimal(s);
            }
            if (target == boolean.class || target == Boolean.class) {
                String l = s.toLowerCase(Locale.ROOT);
                if (Set.of("yes", "true", "y").contains(l)) {
                    return true;
                }
                if (Set.of("no", "false", "n").contains(l)) {
                    return false;
                }
                throw new IllegalArgumentException("not yes/no");
            }
            if (target == LocalDate.class) {
                return LocalDate.parse(s);
            }
            if (target == LocalTime.class) {
                return LocalTime.parse(s);
            }
            if (target.isEnum()) {
                String want = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
                for (Object c : target.getEnumConstants()) {
                    if (((Enum) c).name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "").equals(want)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException("no constant");
            }
        } catch (RuntimeException e) {
            throw new TraeValidationException(slot, "slot value cannot be read as " + target.getSimpleName()
                    + " (value hidden); check the slot type in the bot");
        }
        throw new IllegalStateException("unsupported " + target);
    }
}
