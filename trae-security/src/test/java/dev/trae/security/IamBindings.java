package dev.trae.security;

/** Test bindings for every placeholder a declaration uses: values of the right ARN type where the name says so. */
final class IamBindings {
    private IamBindings() {
    }

    static IamPolicyGenerator bindAll(IamPolicyGenerator gen) {
        gen.bind("account", "111122223333").bind("region", "eu-west-1");
        for (String name : gen.placeholders().keySet()) {
            if (name.equals("account") || name.equals("region") || name.equals("partition")) {
                continue;
            }
            String value;
            if (name.equals("kmsKeyArn")) {
                value = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            } else if (name.endsWith("RoleArn")) {
                value = "arn:aws:iam::111122223333:role/trae-" + name.replace("RoleArn", "");
            } else if (name.endsWith("Prefix")) {
                value = "trae/" + name.replace("Prefix", "") + "/";
            } else if (name.endsWith("LogGroup")) {
                value = "/trae/" + name;
            } else {
                value = "trae-" + name.toLowerCase(java.util.Locale.ROOT);
            }
            gen.bind(name, value);
        }
        return gen;
    }
}
