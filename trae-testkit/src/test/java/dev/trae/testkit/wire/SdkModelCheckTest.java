package dev.trae.testkit.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest;
import software.amazon.awssdk.services.rekognition.model.DetectTextRequest;

class SdkModelCheckTest {
    private static final ObjectMapper M = new ObjectMapper();
    // Image is required: https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectLabels.html
    private static final SdkModelCheck LABELS = SdkModelCheck.of(DetectLabelsRequest.class).required("Image");

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void checkJson_whenRequestIsValid_acceptsIt() throws Exception {
        assertThat(LABELS.checkJson(json("{\"Image\":{\"Bytes\":\"AAAA\"},\"MaxLabels\":5,\"Features\":[\"GENERAL_LABELS\"]}")))
                .isEmpty();
    }

    @Test
    void checkJson_whenRequiredMemberMissing_answersValidationException() throws Exception {
        Optional<FakeResponse> r = LABELS.checkJson(json("{\"MaxLabels\":5}"));
        assertThat(r).isPresent();
        assertThat(r.get().status()).isEqualTo(400);
        assertThat(new String(r.get().body())).contains("ValidationException")
                .contains("Value null at 'image' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void checkJson_whenEnumValueUnknown_answersValidationExceptionNamingTheSet() throws Exception {
        Optional<FakeResponse> r = LABELS.checkJson(json("{\"Image\":{\"Bytes\":\"AAAA\"},\"Features\":[\"FACES\"]}"));
        assertThat(r).isPresent();
        assertThat(new String(r.get().body())).contains("Value 'FACES' at 'features.1'")
                .contains("Member must satisfy enum value set: [GENERAL_LABELS, IMAGE_PROPERTIES]");
    }

    @Test
    void checkJson_whenNestedTypeIsWrong_reportsThePath() throws Exception {
        Optional<FakeResponse> r = LABELS.checkJson(json("{\"Image\":{\"S3Object\":{\"Bucket\":7}},\"MaxLabels\":\"five\"}"));
        assertThat(r).isPresent();
        assertThat(new String(r.get().body())).contains("2 validation errors").contains("'image.s3Object.bucket'")
                .contains("'maxLabels'");
    }

    @Test
    void length_whenStringTooLong_answersLengthConstraint() throws Exception {
        SdkModelCheck c = SdkModelCheck.of(DetectTextRequest.class).length("Image", 0, 0);
        // a declared length on a structure is ignored (lengths apply to strings and lists)
        assertThat(c.checkJson(json("{\"Image\":{\"Bytes\":\"AAAA\"}}"))).isEmpty();
        SdkModelCheck s = SdkModelCheck.of(DetectLabelsRequest.class).length("ClientToken", 1, 4);
        assertThat(s.checkJson(json("{\"ClientToken\":\"abcdef\"}"))).get()
                .satisfies(f -> assertThat(new String(f.body())).contains("Member must have length less than or equal to 4"));
    }

    @Test
    void checkQuery_whenEnumOrRequiredWrong_answersEc2Errors() {
        SdkModelCheck c = SdkModelCheck.of(software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest.class)
                .required("Image");
        assertThat(c.checkQuery(Map.of("MaxLabels", "3"))).get()
                .satisfies(f -> assertThat(new String(f.body())).contains("MissingParameter").contains("Image"));
        assertThat(c.checkQuery(Map.of("Image.Bytes", "AAAA", "Features.1", "NOPE"))).get()
                .satisfies(f -> assertThat(new String(f.body())).contains("InvalidParameterValue").contains("NOPE"));
        assertThat(c.checkQuery(Map.of("Image.Bytes", "AAAA", "Features.1", "GENERAL_LABELS"))).isEmpty();
    }

    @Test
    void of_whenClassIsNotAnSdkModel_refuses() {
        assertThatThrownBy(() -> SdkModelCheck.of(castAway(String.class))).isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<? extends software.amazon.awssdk.core.SdkPojo> castAway(Class c) {
        return c;
    }

    // ------------------------------------------------------------------ ranges, error codes, unknown members, shapes

    @Test
    void range_whenNumberOutsideTheDeclaredRange_answersValueConstraint() throws Exception {
        SdkModelCheck c = SdkModelCheck.of(DetectLabelsRequest.class).range("MaxLabels", 0, 10);
        assertThat(c.checkJson(json("{\"Image\":{},\"MaxLabels\":11}"))).get()
                .satisfies(f -> assertThat(new String(f.body())).contains("Value '11' at 'maxLabels' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 10"));
        assertThat(c.checkJson(json("{\"Image\":{},\"MaxLabels\":10}"))).isEmpty();
    }

    @Test
    void errorCodes_whenDeclared_replaceValidationException() throws Exception {
        SdkModelCheck perMember = SdkModelCheck.of(DetectLabelsRequest.class).range("MaxLabels", 0, 10).errorCode("MaxLabels", "InvalidMaxLabels");
        assertThat(perMember.checkJson(json("{\"MaxLabels\":11}")).get().headers()).containsEntry("x-amzn-ErrorType", "InvalidMaxLabels");
        assertThat(perMember.checkJson(json("{\"Features\":[\"X\"]}")).get().headers()).containsEntry("x-amzn-ErrorType", "ValidationException");
        SdkModelCheck all = SdkModelCheck.of(DetectLabelsRequest.class).required("Image").validationErrorCode("InvalidParameterException");
        assertThat(all.checkJson(json("{}")).get().headers()).containsEntry("x-amzn-ErrorType", "InvalidParameterException");
    }

    @Test
    void unknownMembers_listsPathsTheModelDoesNotHave() throws Exception {
        assertThat(SdkModelCheck.unknownMembers(software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse.class,
                json("{\"Labels\":[{\"Name\":\"x\",\"Nmae\":\"y\"}],\"LabelModelVersion\":\"3.0\",\"Extra\":1}")))
                .containsExactly("Labels.1.Nmae", "Extra");
    }

    @Test
    void retainModelled_dropsTopLevelMembersOfAnotherOperationsShape() throws Exception {
        FakeResponse r = FakeResponse.json(202, "{\"LabelModelVersion\":\"3.0\",\"lastUpdatedDateTime\":1}");
        FakeResponse kept = SdkModelCheck.retainModelled("software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse", r);
        assertThat(kept.status()).isEqualTo(202);
        assertThat(json(new String(kept.body())).has("lastUpdatedDateTime")).isFalse();
        assertThat(SdkModelCheck.retainModelled("no.such.Model", r)).isSameAs(r);
    }

    @Test
    void forName_whenTheSdkIsAbsent_isEmptyAndIfPresentAcceptsEverything() throws Exception {
        assertThat(SdkModelCheck.forName("software.amazon.awssdk.services.nosuch.model.XRequest")).isEmpty();
        assertThat(SdkModelCheck.ifPresent("software.amazon.awssdk.services.nosuch.model.XRequest", c -> c.required("A")))
                .isSameAs(RequestCheck.NONE);
    }
}
