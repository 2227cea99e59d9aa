package dev.trae.archfixture.testing;

/** Fixture for ArchitectureTest: a test-only helper in a main package (the rule must report it). */
public final class PageFixture {
    private PageFixture() {
    }
}
