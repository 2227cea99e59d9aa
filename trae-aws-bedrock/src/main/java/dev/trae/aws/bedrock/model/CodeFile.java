package dev.trae.aws.bedrock.model;

import java.util.Objects;

/**
 * A source file: a relative path, its language, and its content.
 *
 * @param path     relative path with forward slashes, such as {@code src/main/java/a/B.java}
 * @param language a lower-case language name such as {@code java}, {@code json}, {@code yaml}
 * @param content  the text
 */
public record CodeFile(String path, String language, String content) {
    public CodeFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        return "CodeFile[" + path + ", " + language + ", " + content.length() + " chars]";
    }
}
