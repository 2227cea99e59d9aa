package dev.trae.examples.demo;

/**
 * One module's step in the end-to-end demo. Each module adds a class implementing this and one line in
 * {@link Demo#STEPS}. A step prints what it did to {@link DemoContext#out()} and throws on failure.
 */
public interface DemoStep {

    /** Short title, printed as the step header. */
    String title();

    void run(DemoContext ctx) throws Exception;
}
