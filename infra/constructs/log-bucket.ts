/**
 * The bucket another bucket's accesses are logged into: private, encrypted, TLS only, each
 * log kept a year. It is made in the caller's scope, under the caller's id, so that its
 * logical id in the template is the one the caller would have given it.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';

export interface LogBucketProps {
  /** What it is the log bucket of, as the cdk-nag acknowledgement says it. */
  of: string;
  /**
   * The default, BUCKET_OWNER_ENFORCED, keeps ACLs off; a log bucket that CloudFront's
   * standard logging writes into needs them (OBJECT_WRITER).
   */
  objectOwnership?: ObjectOwnership;
}

export function logBucket(scope: Construct, id: string, props: LogBucketProps): Bucket {
  // S3 server access logs are then granted by a bucket policy (logging.s3.amazonaws.com),
  // not the LogDeliveryWrite ACL: a canned ACL set by CloudFormation would overwrite the
  // grants CloudFront adds, and with ACLs off it could not be set at all. This must be set
  // before the scope has children.
  scope.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
  const logs = new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: props.objectOwnership ?? ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365) }],
  });
  Validations.of(logs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: `This is the ${props.of}; logging its own accesses into itself would loop.`,
  });
  return logs;
}
