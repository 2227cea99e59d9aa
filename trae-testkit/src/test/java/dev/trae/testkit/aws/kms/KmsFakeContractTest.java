package dev.trae.testkit.aws.kms;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Contract of {@link KmsFake}: the documented response examples of the KMS API reference parse through the real
 * {@link KmsClient}; the fake answers the same members; invalid requests get KMS's ValidationException.
 * Example bodies are the pages' "Examples" (the same examples the AWS service model carries), trimmed; binary
 * placeholders became base64 and timestamps the epoch seconds AWS JSON 1.1 puts on the wire.
 */
class KmsFakeContractTest {
    private static final String ARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String BLOB = "AQIDBAUGBwg=";

    private FakeAwsServer docs;
    private FakeAwsServer fakeServer;
    private KmsFake fake;
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private KmsClient documented;
    private KmsClient kms;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("kms-docs");
        fakeServer = FakeAwsServer.start("kms");
        fake = new KmsFake();
        fake.install(fakeServer);
        documented = client(KmsClient.builder(), docs.endpoint());
        kms = client(KmsClient.builder(), fakeServer.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        documented.close();
        kms.close();
        docs.close();
        fakeServer.close();
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html (Examples: "To generate a data key")
    @Test
    void generateDataKey_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("GenerateDataKey", r -> FakeResponse.json("{\"CiphertextBlob\":\"" + BLOB + "\",\"KeyId\":\"" + ARN
                + "\",\"Plaintext\":\"" + BLOB + "\"}"));
        GenerateDataKeyResponse doc = documented.generateDataKey(b -> b.keyId("alias/ExampleAlias").keySpec("AES_256"));
        assertThat(doc.keyId()).isEqualTo(ARN);
        assertThat(doc.plaintext().asByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);

        fake.createKey("alias/ExampleAlias");
        GenerateDataKeyResponse mine = kms.generateDataKey(b -> b.keyId("alias/ExampleAlias").keySpec("AES_256"));
        assertThat(mine.plaintext().asByteArray()).hasSize(32);
        assertSameShape(doc, mine);
        assertModelled(GenerateDataKeyResponse.class, raw.lastJson());
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html and API_Decrypt.html (Examples)
    @Test
    void encryptDecrypt_documentedExamples_parseAndFakeAnswersTheSameMembers() {
        docs.json("Encrypt", r -> FakeResponse.json("{\"CiphertextBlob\":\"" + BLOB + "\",\"KeyId\":\"" + ARN + "\"}"));
        docs.json("Decrypt", r -> FakeResponse.json("{\"KeyId\":\"" + ARN + "\",\"Plaintext\":\"" + BLOB + "\"}"));
        EncryptResponse enc = documented.encrypt(b -> b.keyId("1234abcd-12ab-34cd-56ef-1234567890ab").plaintext(SdkBytes.fromUtf8String("x")));
        DecryptResponse dec = documented.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(new byte[] {1})).keyId(ARN));
        assertThat(enc.keyId()).isEqualTo(ARN);
        assertThat(dec.plaintext().asByteArray()).hasSize(8);

        String key = fake.createKey(null);
        EncryptResponse myEnc = kms.encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("secret")));
        assertModelled(EncryptResponse.class, raw.lastJson());
        DecryptResponse myDec = kms.decrypt(b -> b.ciphertextBlob(myEnc.ciphertextBlob()).keyId(key));
        assertModelled(DecryptResponse.class, raw.lastJson());
        assertThat(myDec.plaintext().asUtf8String()).isEqualTo("secret");
        assertSameShape(enc, myEnc);
        assertSameShape(dec, myDec);
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html (Examples: "To get details about a KMS key")
    @Test
    void describeKey_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("DescribeKey", r -> FakeResponse.json("{\"KeyMetadata\":{\"AWSAccountId\":\"111122223333\",\"Arn\":\"" + ARN
                + "\",\"CreationDate\":1499288695,\"CustomerMasterKeySpec\":\"SYMMETRIC_DEFAULT\",\"Description\":\"\",\"Enabled\":true,"
                + "\"EncryptionAlgorithms\":[\"SYMMETRIC_DEFAULT\"],\"KeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\",\"KeyManager\":\"CUSTOMER\","
                + "\"KeySpec\":\"SYMMETRIC_DEFAULT\",\"KeyState\":\"Enabled\",\"KeyUsage\":\"ENCRYPT_DECRYPT\",\"MultiRegion\":false,"
                + "\"Origin\":\"AWS_KMS\"}}"));
        DescribeKeyResponse doc = documented.describeKey(b -> b.keyId("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(doc.keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(doc.keyMetadata().creationDate().getEpochSecond()).isEqualTo(1499288695L);

        String key = fake.createKey(null);
        DescribeKeyResponse mine = kms.describeKey(b -> b.keyId(key));
        assertSameShape(doc, mine);
        assertModelled(DescribeKeyResponse.class, raw.lastJson());
    }

    // Required KeyId: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
    @Test
    void describeKey_withoutKeyId_isAValidationException() {
        assertThatThrownBy(() -> kms.describeKey(b -> b.grantTokens("t")))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'keyId' failed to satisfy constraint: Member must not be null");
                });
    }

    // KeySpec enum (AES_256 | AES_128) from the SDK model; KeyId length 1..2048:
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
    @Test
    void generateDataKey_withUnknownKeySpecOrOverlongKeyId_isAValidationException() {
        String key = fake.createKey(null);
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(key).keySpec("AES_512")))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("at 'keySpec'").contains("enum value set");
                });
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId("k".repeat(2049))))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.getMessage())
                        .contains("at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048"));
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(key).numberOfBytes(2048)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have value less than or equal to 1024"));
        assertThat(fake.calls("GenerateDataKey")).as("invalid requests never reach the handler").isZero();
    }
}
