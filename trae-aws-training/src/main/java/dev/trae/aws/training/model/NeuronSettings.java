package dev.trae.aws.training.model;

import java.util.Optional;

/**
 * AWS Neuron settings for a Trainium job, passed to the container as environment variables
 * ({@code NEURON_CC_FLAGS}, {@code NEURON_COMPILE_CACHE_URL}, {@code NEURON_RT_NUM_CORES}). Immutable.
 *
 * @param compilerFlags    flags for the Neuron compiler, such as {@code --model-type=transformer}
 * @param compileCacheUri  an S3 prefix for the Neuron compile cache, so later runs skip compilation
 * @param runtimeCores     Neuron cores per process, if set
 */
public record NeuronSettings(String compilerFlags, Optional<String> compileCacheUri, Optional<Integer> runtimeCores) {

    /** {@code --model-type=transformer}, no cache, runtime default. */
    public static NeuronSettings defaults() {
        return new NeuronSettings("--model-type=transformer", Optional.empty(), Optional.empty());
    }
}
