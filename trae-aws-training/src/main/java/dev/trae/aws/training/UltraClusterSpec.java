package dev.trae.aws.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;

/**
 * What UltraCluster to build: instance type and count, where the capacity comes from, networking (EFA,
 * subnet, VPC), the AMI (explicit, or the public Deep Learning AMI SSM parameter) and the instance
 * profile that lets SSM Run Command reach the instances. {@link Builder#build()} validates without any
 * network call. Immutable.
 *
 * <pre>{@code
 * UltraClusterSpec spec = UltraClusterSpec.builder()
 *         .name("llama-pretrain")
 *         .instanceType("trn1.32xlarge").instanceCount(2)
 *         .capacity(Capacity.onDemandReservation())
 *         .subnetId("subnet-0abc12345678def01")
 *         .instanceProfile("TraeClusterSsmRole")
 *         .build();
 * }</pre>
 */
public final class UltraClusterSpec {
    /** The public SSM parameter of the Neuron multi-framework Deep Learning AMI (Trainium). */
    public static final String NEURON_DLAMI_PARAMETER = "/aws/service/neuron/dlami/multi-framework/ubuntu-22.04/latest/image_id";
    /** The public SSM parameter of the GPU base Deep Learning AMI. */
    public static final String GPU_DLAMI_PARAMETER = "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id";

    private final String name;
    private final String instanceType;
    private final int instanceCount;
    private final Capacity capacity;
    private final Optional<String> subnetId;
    private final Optional<String> vpcId;
    private final Optional<String> availabilityZone;
    private final Optional<String> amiId;
    private final String amiParameter;
    private final String explicitAmiParameter;
    private final boolean efa;
    private final int efaInterfaces;
    private final Optional<String> instanceProfile;
    private final Map<String, String> tags;

    private UltraClusterSpec(Builder b) {
        this.name = b.name;
        this.instanceType = b.instanceType;
        this.instanceCount = b.instanceCount;
        this.capacity = b.capacity;
        this.subnetId = Optional.ofNullable(b.subnetId);
        this.vpcId = Optional.ofNullable(b.vpcId);
        this.availabilityZone = Optional.ofNullable(b.availabilityZone);
        this.amiId = Optional.ofNullable(b.amiId);
        this.explicitAmiParameter = b.amiParameter;
        this.amiParameter = b.amiParameter != null ? b.amiParameter
                : InstanceTypes.isTrainium(b.instanceType) ? NEURON_DLAMI_PARAMETER : GPU_DLAMI_PARAMETER;
        this.efa = b.efa;
        this.efaInterfaces = b.efaInterfaces;
        this.instanceProfile = Optional.ofNullable(b.instanceProfile);
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every setting of this spec; building it again validates again. An AMI parameter that was
     * not set explicitly is chosen again from the (possibly changed) instance type.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.instanceType = instanceType;
        b.instanceCount = instanceCount;
        b.capacity = capacity;
        b.subnetId = subnetId.orElse(null);
        b.vpcId = vpcId.orElse(null);
        b.availabilityZone = availabilityZone.orElse(null);
        b.amiId = amiId.orElse(null);
        b.amiParameter = explicitAmiParameter;
        b.efa = efa;
        b.efaInterfaces = efaInterfaces;
        b.instanceProfile = instanceProfile.orElse(null);
        b.tags.putAll(tags);
        return b;
    }

    public String name() {
        return name;
    }

    public String instanceType() {
        return instanceType;
    }

    public int instanceCount() {
        return instanceCount;
    }

    public Capacity capacity() {
        return capacity;
    }

    public Optional<String> subnetId() {
        return subnetId;
    }

    public Optional<String> vpcId() {
        return vpcId;
    }

    public Optional<String> availabilityZone() {
        return availabilityZone;
    }

    public Optional<String> amiId() {
        return amiId;
    }

    /** The SSM parameter the AMI is read from when no AMI id is given. */
    public String amiParameter() {
        return amiParameter;
    }

    /** Whether instances get EFA interfaces (default true). */
    public boolean efa() {
        return efa;
    }

    /** EFA interfaces per instance; 0 means the type's maximum. */
    public int efaInterfaces() {
        return efaInterfaces;
    }

    public Optional<String> instanceProfile() {
        return instanceProfile;
    }

    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "UltraClusterSpec[" + name + ", " + instanceCount + " x " + instanceType + ", " + capacity + ", efa=" + efa
                + (efa ? "(" + (efaInterfaces == 0 ? "max" : efaInterfaces) + ")" : "") + ", ami=" + amiId.orElse(amiParameter) + "]";
    }

    /** Builder for {@link UltraClusterSpec}. */
    public static final class Builder {
        private String name;
        private String instanceType;
        private int instanceCount = 2;
        private Capacity capacity = Capacity.none();
        private String subnetId;
        private String vpcId;
        private String availabilityZone;
        private String amiId;
        private String amiParameter;
        private boolean efa = true;
        private int efaInterfaces;
        private String instanceProfile;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
        }

        /** A short name (1-32 letters, digits, '-'); used for the placement group, security group and tags. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder instanceType(String t) {
            this.instanceType = t;
            return this;
        }

        public Builder instanceCount(int n) {
            this.instanceCount = n;
            return this;
        }

        public Builder capacity(Capacity c) {
            this.capacity = Objects.requireNonNull(c, "capacity");
            return this;
        }

        public Builder subnetId(String id) {
            this.subnetId = id;
            return this;
        }

        public Builder vpcId(String id) {
            this.vpcId = id;
            return this;
        }

        public Builder availabilityZone(String az) {
            this.availabilityZone = az;
            return this;
        }

        /** An explicit AMI; otherwise the Deep Learning AMI from the public SSM parameter. */
        public Builder amiId(String id) {
            this.amiId = id;
            return this;
        }

        public Builder amiParameter(String parameterName) {
            this.amiParameter = parameterName;
            return this;
        }

        /** EFA on or off (default on; refused at launch for types without EFA). */
        public Builder efa(boolean on) {
            this.efa = on;
            return this;
        }

        /** EFA interfaces per instance, up to the type's maximum; 0 (default) uses the maximum. */
        public Builder efaInterfaces(int n) {
            this.efaInterfaces = n;
            return this;
        }

        /** The IAM instance profile name (it must allow SSM, e.g. AmazonSSMManagedInstanceCore). */
        public Builder instanceProfile(String name) {
            this.instanceProfile = name;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public UltraClusterSpec build() {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,31}")) {
                throw new TraeValidationException("name", "must be 1-32 letters, digits or '-', starting with a letter or digit, was '"
                        + InstanceTypes.safe(name) + "'");
            }
            InstanceTypes.requireUltraCluster(instanceType);
            if (instanceCount < 1 || instanceCount > 512) {
                throw new TraeValidationException("instanceCount", "must be between 1 and 512, was " + instanceCount);
            }
            capacity.offering().ifPresent(o -> {
                if (!o.instanceType().equals(instanceType)) {
                    throw new TraeValidationException("capacity", "the Capacity Block offering is for " + o.instanceType() + ", not " + instanceType);
                }
                if (instanceCount > o.instanceCount()) {
                    throw new TraeValidationException("instanceCount", instanceCount + " instances do not fit the Capacity Block of "
                            + o.instanceCount() + " " + o.instanceType());
                }
            });
            if (subnetId != null && !subnetId.matches("subnet-[0-9a-f]{8,17}")) {
                throw new TraeValidationException("subnetId", "must be a subnet id such as subnet-0abc1234, was " + InstanceTypes.safe(subnetId));
            }
            if (vpcId != null && !vpcId.matches("vpc-[0-9a-f]{8,17}")) {
                throw new TraeValidationException("vpcId", "must be a VPC id such as vpc-0abc1234, was " + InstanceTypes.safe(vpcId));
            }
            if (availabilityZone != null && !availabilityZone.matches("[a-z]{2}(-gov)?-[a-z]+-\\d[a-z]")) {
                throw new TraeValidationException("availabilityZone", "must be a zone such as us-east-1a, was " + InstanceTypes.safe(availabilityZone));
            }
            if (amiId != null && !amiId.matches("ami-[0-9a-f]{8,17}")) {
                throw new TraeValidationException("amiId", "must be an AMI id such as ami-0abc1234, was " + InstanceTypes.safe(amiId));
            }
            if (amiParameter != null && !amiParameter.matches("/[A-Za-z0-9_./-]{1,1010}")) {
                throw new TraeValidationException("amiParameter", "must be an SSM parameter path, was " + InstanceTypes.safe(amiParameter));
            }
            if (efaInterfaces < 0 || efaInterfaces > 32) {
                throw new TraeValidationException("efaInterfaces", "must be between 0 (type maximum) and 32, was " + efaInterfaces);
            }
            if (instanceProfile != null && !instanceProfile.matches("[A-Za-z0-9+=,.@_-]{1,128}")) {
                throw new TraeValidationException("instanceProfile", "must be an instance profile name, was " + InstanceTypes.safe(instanceProfile));
            }
            tags.forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.length() > 128 || k.startsWith("aws:") || v == null || v.length() > 256) {
                    throw new TraeValidationException("tags", "keys must be 1-128 characters not starting with aws:, values at most 256");
                }
            });
            return new UltraClusterSpec(this);
        }
    }
}
