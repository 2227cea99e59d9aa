package dev.trae.aws.bedrock;

import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.JsonSchemas;
import dev.trae.aws.bedrock.model.ToolSpec;

/**
 * A Java-typed tool for the tool-execution loop of {@link TraeBedrockClient#converseWithTools}: its JSON
 * schema is generated from the input record, the model's input is bound to it with Jackson, and the
 * handler's return value is sent back as JSON (a {@code String} as text). Immutable and thread-safe
 * when the handler is.
 *
 * <pre>{@code
 * record WeatherQuery(@Description("city name") String city) { }
 * Tool<WeatherQuery> weather = Tool.of("get_weather", "Current weather of a city", WeatherQuery.class,
 *         q -> Map.of("city", q.city(), "celsius", 21));
 * }</pre>
 *
 * @param <I> the input type (a record)
 */
public final class Tool<I> {
    private final ToolSpec spec;
    private final Class<I> inputType;
    private final Function<I, ?> handler;

    private Tool(ToolSpec spec, Class<I> inputType, Function<I, ?> handler) {
        this.spec = spec;
        this.inputType = inputType;
        this.handler = handler;
    }

    /** A typed tool whose input schema is generated from {@code inputType} (a record). */
    public static <I> Tool<I> of(String name, String description, Class<I> inputType, Function<I, ?> handler) {
        return new Tool<>(new ToolSpec(name, description, JsonSchemas.of(inputType)), inputType,
                Objects.requireNonNull(handler, "handler"));
    }

    /** A tool with a hand-written schema that receives the raw JSON input. */
    public static Tool<JsonNode> raw(ToolSpec spec, Function<JsonNode, ?> handler) {
        return new Tool<>(Objects.requireNonNull(spec), JsonNode.class, Objects.requireNonNull(handler));
    }

    public ToolSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** Binds the model's input and runs the handler; the result as JSON (text node for strings). */
    JsonNode invoke(JsonNode input) throws Exception {
        I in = inputType == JsonNode.class ? inputType.cast(input) : Docs.MAPPER.treeToValue(input, inputType);
        Object out = handler.apply(in);
        if (out == null) {
            return Docs.MAPPER.getNodeFactory().textNode("ok");
        }
        if (out instanceof CharSequence) {
            return Docs.MAPPER.getNodeFactory().textNode(out.toString());
        }
        JsonNode n = Docs.MAPPER.valueToTree(out);
        return n.isObject() ? n : Docs.MAPPER.createObjectNode().set("result", n);
    }

    @Override
    public String toString() {
        return "Tool[" + spec.name() + "]";
    }
}
