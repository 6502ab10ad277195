import { ACCOUNT_ID } from "./state";
import { AwsError, toXml, type AwsResponse } from "./wire";

// AWS STS GetCallerIdentity (awsQuery): the account id is part of the EB bucket's name.

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export function handleSts(operation: string, requestId: string): AwsResponse {
  if (operation !== "GetCallerIdentity") throw new AwsError("InvalidAction", `Could not find operation ${operation} for version 2011-06-15`);
  const result = toXml({ Arn: `arn:aws:iam::${ACCOUNT_ID}:user/sandbox`, UserId: "AIDASANDBOXUSER00001", Account: ACCOUNT_ID });
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>${result}</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  };
}

export function stsError(error: AwsError, requestId: string): AwsResponse {
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${toXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
