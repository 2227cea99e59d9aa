package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** TrainingData is built with an ordinary builder: every builder call changes the builder; the data is immutable (#14). */
class TrainingDataBuilderTest {

    @Test
    void builder_whenSystemIsSetWithoutChaining_keepsItForEveryExample() {
        var b = TrainingData.builder();
        b.system("You write Java.");
        b.example("Write a class named A", "public class A {}");
        b.example("Write a class named B", "public class B {}");
        String jsonl = b.toJsonl();
        assertThat(jsonl.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"system\":[{\"text\":\"You write Java.\"}]"));
    }

    @Test
    void toBuilder_whenChanged_leavesTheOriginalAsItWas() {
        TrainingData one = TrainingData.builder().system("You write Java.").example("Write A", "class A {}").build();
        TrainingData two = one.toBuilder().system("You write Kotlin.").example("Write B", "class B").build();
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.system()).contains("You write Java.");
        assertThat(two.examples()).extracting(TrainingData.Example::user).containsExactly("Write A", "Write B");
        assertThat(two.system()).contains("You write Kotlin.");
        assertThat(one.toJsonl()).doesNotContain("Kotlin").contains("Write A").doesNotContain("Write B");
    }
}
