package dev.trae.aws.bedrock.model;

import java.util.Objects;
import java.util.Optional;

/** How the model must use the offered tools: as it likes, at least one, or one named tool. */
public final class ToolChoice {
    private static final ToolChoice AUTO = new ToolChoice("auto", null);
    private static final ToolChoice ANY = new ToolChoice("any", null);

    private final String mode;
    private final String toolName;

    private ToolChoice(String mode, String toolName) {
        this.mode = mode;
        this.toolName = toolName;
    }

    /** The model decides (the default). */
    public static ToolChoice auto() {
        return AUTO;
    }

    /** The model must call at least one tool. */
    public static ToolChoice any() {
        return ANY;
    }

    /** The model must call this tool. */
    public static ToolChoice tool(String name) {
        return new ToolChoice("tool", Objects.requireNonNull(name));
    }

    /** {@code auto}, {@code any} or {@code tool}. */
    public String mode() {
        return mode;
    }

    public Optional<String> toolName() {
        return Optional.ofNullable(toolName);
    }

    @Override
    public String toString() {
        return toolName == null ? mode : "tool:" + toolName;
    }
}
