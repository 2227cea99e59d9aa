package dev.trae.security.internal;

import dev.trae.aws.core.spi.ServiceClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsServiceClientConfiguration;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The {@link KmsClient} handed to the AWS Encryption SDK and its material providers: every KMS operation they call
 * ({@code GenerateDataKey}, {@code Decrypt}, {@code Encrypt}, {@code DescribeKey}) goes through core's guarded
 * {@link ServiceClient} (resilience policy, error translation, observation), like every other AWS call of Trae. Other
 * operations are not used by the ESDK and stay unsupported (the interface's default).
 */
public final class GuardedKmsClient implements KmsClient {
    private final ServiceClient<KmsClient> kms;

    public GuardedKmsClient(ServiceClient<KmsClient> kms) {
        this.kms = kms;
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        return kms.call("GenerateDataKey", c -> c.generateDataKey(request));
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        return kms.call("Decrypt", c -> c.decrypt(request));
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        return kms.call("Encrypt", c -> c.encrypt(request));
    }

    @Override
    public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
        return kms.call("DescribeKey", c -> c.describeKey(request));
    }

    @Override
    public KmsServiceClientConfiguration serviceClientConfiguration() {
        return kms.raw().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return kms.raw().serviceName();
    }

    @Override
    public void close() {
        kms.close();
    }

    @Override
    public String toString() {
        return "GuardedKmsClient[" + kms + "]";
    }
}
