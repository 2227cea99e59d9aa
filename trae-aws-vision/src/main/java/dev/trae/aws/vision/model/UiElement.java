package dev.trae.aws.vision.model;

/**
 * One element of a {@link dev.trae.aws.vision.UiLayout}: its kind, its text (a button's caption, an input's or checkbox's label) and its
 * box, and where it sits in the layout grid (0-based row, and column within the layout's column grid).
 */
public record UiElement(Kind kind, String text, BoundingBox box, int row, int column) {

    /** What an element is. */
    public enum Kind { HEADING, TEXT, BUTTON, INPUT, CHECKBOX, IMAGE }
}
