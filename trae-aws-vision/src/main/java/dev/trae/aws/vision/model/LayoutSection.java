package dev.trae.aws.vision.model;

/**
 * A layout element of a page: {@code type} is the Textract block type without its {@code LAYOUT_}
 * prefix (TITLE, HEADER, FOOTER, SECTION_HEADER, PAGE_NUMBER, LIST, FIGURE, TABLE, KEY_VALUE, TEXT),
 * {@code text} the text of the lines it contains.
 */
public record LayoutSection(int page, String type, String text, Geometry geometry) {
}
