/**
 * The bucket of attachments (docs/architecture.md#attachments): private, encrypted, TLS
 * only, versioned, its accesses logged. Browsers upload to it with the presigned POST the
 * functions make, from the site's origin only (CORS); nobody reads it but through a
 * presigned GET. An upload is tagged `registered=false` by its policy and retagged when
 * registered, so what was uploaded and never registered expires after two days.
 */
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logBucket } from './log-bucket.ts';

/** What a function does with the bucket; each gets only its own actions. */
export type UploadAccess = 'upload' | 'register' | 'read';

const actionsOf: Record<UploadAccess, string[]> = {
  // The presigned POST runs with the presigning function's permissions, its tagging too.
  upload: ['s3:PutObject', 's3:PutObjectTagging'],
  // HeadObject needs GetObject; registering retags the object.
  register: ['s3:GetObject', 's3:PutObjectTagging'],
  read: ['s3:GetObject'],
};

/** Where attachments are, under their item: the only keys the functions may touch. */
export const attachmentKeyPrefix = 'attachments/';

export interface UploadBucketProps {
  /** The site's origin, the one CORS lets upload (`https://…cloudfront.net`). */
  siteOrigin: string;
}

export class UploadBucket extends Construct {
  readonly bucket: Bucket;
  /** The bucket's regional address, where presigned POSTs and GETs go: for connect-src. */
  readonly endpoint: string;

  /**
   * The bucket's name, known before the bucket: the site's CSP names its address while the
   * bucket's CORS names the site, and a reference both ways would be a cycle. One per
   * account and region.
   */
  static bucketName(): string {
    return `thaogo-uploads-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  }

  static endpointOf(): string {
    return `https://${UploadBucket.bucketName()}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    const logs = logBucket(this, 'AccessLogs', {
      of: 'access log bucket of the attachments bucket',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: UploadBucket.bucketName(),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'uploads-bucket/',
      // Evidence of public work: kept when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedOrigins: [props.siteOrigin],
          allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          id: 'unregistered-uploads',
          // Uploaded and never registered: the upload's policy tags it, registering retags.
          tagFilters: { registered: 'false' },
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'old-versions',
          // A version replaced or deleted is kept a month, for a mistake to be undone.
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
    this.endpoint = UploadBucket.endpointOf();
  }

  /** One call both sets the bucket's name and grants the function its own actions. */
  bind(
    fn: IFunction & { addEnvironment(name: string, value: string): unknown },
    access: UploadAccess,
  ) {
    fn.addEnvironment('UPLOAD_BUCKET', this.bucket.bucketName);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: actionsOf[access],
        resources: [this.bucket.arnForObjects(`${attachmentKeyPrefix}*`)],
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    // On the role, whose default policy holds the statement (the function's sibling).
    if (!fn.role) throw new Error('A function bound to the uploads bucket needs its own role');
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${attachmentKeyPrefix}*]`,
      reason:
        "Attachment keys are made per upload (attachments/<item type>/<item id>/<upload id>/<file>); the wildcard covers those keys and no other part of the bucket, and the actions are only this function's own.",
    });
  }
}
