package dev.trae.aws.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trae.aws.core.TraeValidationException;

/**
 * Which shard a process is, from the variables AWS Batch (https://docs.aws.amazon.com/batch/latest/userguide/job_env_vars.html)
 * and Kubernetes Indexed Jobs (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode) set.
 */
class ShardTest {
    @Test
    void fromEnvironment_whenAwsBatchArrayChild_thenIndexAndSizeFromItsVariables() {
        assertThat(Shard.fromEnvironment(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "3", "AWS_BATCH_JOB_ARRAY_SIZE", "8"), null))
                .isEqualTo(Shard.of(3, 8));
        assertThat(Shard.fromEnvironment(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "3"), 4)).isEqualTo(Shard.of(3, 4));
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "3", "AWS_BATCH_JOB_ARRAY_SIZE", "8"), 4))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("disagrees");
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "8", "AWS_BATCH_JOB_ARRAY_SIZE", "8"), null))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("outside 0..7");
    }

    @Test
    void fromEnvironment_whenKubernetesIndexedJob_thenCountMustBeGiven() {
        assertThat(Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0"), 2)).isEqualTo(Shard.of(0, 2));
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0"), null))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("--shards");
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of(), 2)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("AWS_BATCH_JOB_ARRAY_INDEX").hasMessageContaining("JOB_COMPLETION_INDEX");
    }

    @Test
    void parse_whenExplicit_thenIndexOverCount() {
        assertThat(Shard.parse("2/4")).isEqualTo(Shard.of(2, 4));
        assertThat(Shard.parse("2/4").toString()).isEqualTo("2/4");
        assertThatThrownBy(() -> Shard.parse("4")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Shard.parse("x/4")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void owns_whenManyKeys_thenEachKeyOwnedByExactlyOneShardAndSplitEvenly() {
        int[] perShard = new int[4];
        for (int i = 0; i < 4000; i++) {
            String key = "s3://scans/2026/12/page-" + i + ".png";
            int owners = 0;
            for (int s = 0; s < 4; s++) {
                if (Shard.of(s, 4).owns(key)) {
                    owners++;
                    perShard[s]++;
                }
            }
            assertThat(owners).as(key).isEqualTo(1);
        }
        for (int n : perShard) {
            assertThat(n).isBetween(850, 1150);
        }
        assertThat(Shard.of(0, 1).owns("anything")).isTrue();
    }
}
