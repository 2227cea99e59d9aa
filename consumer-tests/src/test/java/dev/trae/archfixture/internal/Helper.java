package dev.trae.archfixture.internal;

/** Fixture for ArchitectureTest: an implementation class. */
public final class Helper {
    private Helper() {
    }

    public static String validate(String s) {
        return s;
    }
}
