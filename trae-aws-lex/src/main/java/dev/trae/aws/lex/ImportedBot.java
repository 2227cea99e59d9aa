package dev.trae.aws.lex;

/**
 * A completed Lex import ({@code DescribeImport} answered {@code Completed}).
 *
 * @param importId the import's id
 * @param botId    the id of the bot Lex created or overwrote ({@code importedResourceId})
 * @param botName  its name ({@code importedResourceName})
 */
public record ImportedBot(String importId, String botId, String botName) {
}
