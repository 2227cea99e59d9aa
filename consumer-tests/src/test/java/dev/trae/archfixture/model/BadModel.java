package dev.trae.archfixture.model;

import dev.trae.archfixture.internal.Helper;

/** Fixture for ArchitectureTest: a model type that calls into .internal (the rule must report it). */
public final class BadModel {
    private final String name;

    public BadModel(String name) {
        this.name = Helper.validate(name);
    }

    public String name() {
        return name;
    }
}
